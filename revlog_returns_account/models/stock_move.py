from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _get_dest_account(self, accounts_data):
        # revlog's own scraps post their loss to the returns disposal account; any other scrap of the
        # company posts where it did before revlog was installed
        if self.scrapped and self.revlog_return_line_id and self.company_id.revlog_disposal_account_id:
            return self.company_id.revlog_disposal_account_id.id
        return super()._get_dest_account(accounts_data)

    def _prepare_account_move_vals(
        self, credit_account_id, debit_account_id, journal_id, qty, description, svl_id, cost
    ):
        vals = super()._prepare_account_move_vals(
            credit_account_id, debit_account_id, journal_id, qty, description, svl_id, cost
        )
        line = self.revlog_return_line_id or self.repair_id.revlog_return_line_id
        if not line:
            return vals
        vals.update(revlog_return_id=line.return_id.id, revlog_move_kind="stock")
        kind = self._revlog_valuation_kind()
        for command in vals["line_ids"]:
            line_vals = command[2]
            line_vals["revlog_return_line_id"] = line.id
            if kind and line_vals.get("account_id") == debit_account_id:
                line_vals["revlog_kind"] = kind
        return vals

    def _revlog_valuation_kind(self):
        """Which recovery figure the debit of this move's valuation entry makes: the value a unit came back at
        (receipt), lost (scrap), left to a customer (replacement, repaired unit) or to the vendor, or spent as
        parts on a returned unit's repair."""
        if self.repair_id and not self.revlog_return_line_id:
            return "repair_cost" if self.repair_line_type == "add" else False
        if self._is_in():
            return "cost"
        if self.scrapped:
            return "disposal"
        return {"exchange": "shipped", "shipback": "shipped", "vendor": "vendor_return"}.get(
            self.picking_id.revlog_role, False
        )
