from odoo import fields, models


class RevlogProvisionWizardLine(models.TransientModel):
    """One product category of the provision: the rates it comes from and the amounts it posts."""

    _name = "revlog.provision.wizard.line"
    _inherit = ["revlog.input.mixin"]
    _description = "Expected Returns Provision Line"
    _order = "expected_refund desc, id"

    wizard_id = fields.Many2one("revlog.provision.wizard", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    category_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    revenue = fields.Monetary(string="Revenue (trailing)", readonly=True, help="Untaxed, net of credit notes.")
    returned_value = fields.Monetary(
        string="Returned (trailing)", readonly=True, help="Untaxed value of the returns approved or further."
    )
    return_rate = fields.Float(string="Return Rate %", digits=(16, 2), readonly=True)
    window_revenue = fields.Monetary(
        string="Revenue in Window", readonly=True, help="Invoiced on order lines still within their return window."
    )
    window_cost = fields.Monetary(string="Cost in Window", readonly=True, help="Cost of goods of those deliveries.")
    recovery_rate = fields.Float(
        string="Recovery %",
        digits=(16, 2),
        readonly=True,
        help="Quantity-weighted recovery of the grades given in the trailing period (100 when none).",
    )
    expected_refund = fields.Monetary(string="Refund Liability", readonly=True)
    expected_cost = fields.Monetary(string="Expected Cost", readonly=True)
    expected_recovery = fields.Monetary(string="Right to Recover", readonly=True)
    income_account_id = fields.Many2one("account.account", string="Revenue Account", readonly=True)
    expense_account_id = fields.Many2one("account.account", string="Cost of Goods Account", readonly=True)
