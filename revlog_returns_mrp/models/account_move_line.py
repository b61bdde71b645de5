from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _stock_account_get_anglo_saxon_price_unit(self):
        # a revlog credit note of a kit reverses its cost at the value its components came back at, not at
        # sale_mrp's average over the order line (whichever of the two overrides Odoo loaded last)
        line = self.revlog_return_line_id
        if self.revlog_kind == "refund" and self.move_id.move_type == "out_refund" and line._revlog_kit_bom():
            unit_value = line._returned_unit_value()
            if unit_value is not None:
                return self.product_id.uom_id._compute_price(unit_value, self.product_uom_id)
        return super()._stock_account_get_anglo_saxon_price_unit()

    def _revlog_kit_cogs_vals(self, vals):
        """The cost-of-goods journal items of this credit note line of a kit (``vals``: one of those Odoo
        prepared for the kit), component by component: each component's interim (delivered) account debited and
        its expense account credited at the value its units came back at, in company currency as Odoo's."""
        self.ensure_one()
        move = self.move_id
        line = self.revlog_return_line_id
        sign = -1 if move.move_type == "out_refund" else 1
        kits = self.product_uom_id._compute_quantity(self.quantity, line.product_uom_id)
        common = {
            "name": vals.get("name"),
            "move_id": move.id,
            "partner_id": move.commercial_partner_id.id,
            "display_type": "cogs",
            "tax_ids": [],
            "cogs_origin_id": self.id,
        }
        vals_list = []
        for component, qty, unit in line._revlog_kit_cogs(kits):
            accounts = component.product_tmpl_id.with_company(move.company_id).get_product_accounts(
                fiscal_pos=move.fiscal_position_id
            )
            expense = accounts["expense"] or move.journal_id.default_account_id
            amount = move.company_id.currency_id.round(sign * qty * unit)
            if not accounts["stock_output"] or not expense or move.company_id.currency_id.is_zero(amount):
                continue
            product_vals = {
                **common,
                "product_id": component.id,
                "product_uom_id": component.uom_id.id,
                "quantity": qty,
            }
            vals_list += [
                {
                    **product_vals,
                    "price_unit": unit,
                    "amount_currency": -amount,
                    "account_id": accounts["stock_output"].id,
                },
                {
                    **product_vals,
                    "price_unit": -unit,
                    "amount_currency": amount,
                    "account_id": expense.id,
                    "analytic_distribution": self.analytic_distribution,
                },
            ]
        return vals_list
