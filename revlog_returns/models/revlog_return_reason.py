from odoo import api, fields, models


class RevlogReturnReason(models.Model):
    _name = "revlog.return.reason"
    _inherit = ["revlog.input.mixin"]
    _description = "Return Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code shown in traces and reports, e.g. DAMAGED.")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", help="Leave empty to share the reason between companies.")
    fault = fields.Selection(
        [("customer", "Customer"), ("seller", "Seller"), ("carrier", "Carrier"), ("vendor", "Vendor")],
        required=True,
        default="customer",
        help="Who is responsible for the return; drives fees and reporting.",
    )
    waive_restocking_fee = fields.Boolean(help="No restocking fee is charged for returns with this reason.")
    requires_inspection = fields.Boolean(default=True)
    is_defect_claim = fields.Boolean(
        string="Defect Claim",
        help="The customer says the product is defective: a unit of this reason graded at the best grade "
        "is flagged on its return for review.",
    )
    refund_without_return = fields.Boolean(
        help="Units returned for this reason may be refunded without being sent back (e.g. an item not worth "
        "shipping, a wrong item the customer may keep).",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A return reason code must be unique per company."),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self.env["revlog.workflow.mixin"]._revlog_check_unused(
            self,
            [("revlog.return.line", "reason_id"), ("revlog.disposition.rule", "reason_ids")],
        )
