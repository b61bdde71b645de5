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
        line = self.revlog_return_line_id
        if not line:
            return vals
        # the receipt's debit is the value the unit came back at; a scrap's debit is its disposal loss
        kind = "cost" if self._is_in() else "disposal" if self.scrapped else False
        vals.update(revlog_return_id=line.return_id.id, revlog_move_kind="stock")
        for command in vals["line_ids"]:
            line_vals = command[2]
            line_vals["revlog_return_line_id"] = line.id
            if kind and line_vals.get("account_id") == debit_account_id:
                line_vals["revlog_kind"] = kind
        return vals
