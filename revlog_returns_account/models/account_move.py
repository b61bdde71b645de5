from odoo import fields, models

MOVE_KINDS = [
    ("credit_note", "Credit Note"),
    ("stock", "Stock Valuation"),
    ("writedown", "Write-down"),
    ("disposal", "Disposal Loss"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    revlog_return_id = fields.Many2one(
        "revlog.return", string="Return", index="btree_not_null", readonly=True, copy=False, check_company=True
    )
    revlog_move_kind = fields.Selection(MOVE_KINDS, string="Return Entry", readonly=True, copy=False)
