from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    revlog_loss_account_id = fields.Many2one(
        "account.account",
        string="Return Disposal Loss Account",
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Where the value lost on returned units sent to this location (e.g. Recycle) is charged.",
    )
