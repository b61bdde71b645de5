from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _stock_account_prepare_anglo_saxon_out_lines_vals(self):
        # The receipt of a kit credits each component's interim (delivered) account: a revlog credit note of the
        # kit reverses its cost of goods component by component, at the value each came back at, so that each
        # component's interim account nets to zero.
        vals_list = super()._stock_account_prepare_anglo_saxon_out_lines_vals()
        Line = self.env["account.move.line"]
        origins = Line.browse({vals["cogs_origin_id"] for vals in vals_list if vals.get("cogs_origin_id")})
        refunds = origins.filtered(lambda aml: aml.revlog_kind == "refund" and aml.move_id.move_type == "out_refund")
        kits = refunds.revlog_return_line_id._revlog_kit_bom()
        kit_origins = refunds.filtered(lambda aml: aml.revlog_return_line_id in kits)
        if not kit_origins:
            return vals_list
        result, done = [], set()
        for vals in vals_list:
            origin = Line.browse(vals.get("cogs_origin_id"))
            if origin not in kit_origins:
                result.append(vals)
            elif origin.id not in done:
                done.add(origin.id)
                result += origin._revlog_kit_cogs_vals(vals)
        return result
