from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from ..models.revlog_return_line import RESOLUTIONS


class RevlogReturnCreateWizardLine(models.TransientModel):
    _name = "revlog.return.create.wizard.line"
    _inherit = ["revlog.input.mixin"]
    _description = "Line of the Return Wizard"

    wizard_id = fields.Many2one("revlog.return.create.wizard", required=True, ondelete="cascade")
    sale_line_id = fields.Many2one("sale.order.line", required=True, readonly=True)
    product_id = fields.Many2one(related="sale_line_id.product_id")
    product_uom_id = fields.Many2one(related="sale_line_id.product_uom", string="Unit")
    qty_delivered = fields.Float(string="Delivered", readonly=True, digits="Product Unit of Measure")
    qty_returned_before = fields.Float(string="On Other Returns", readonly=True, digits="Product Unit of Measure")
    qty_returnable = fields.Float(string="Returnable", readonly=True, digits="Product Unit of Measure")
    quantity = fields.Float(string="To Return", digits="Product Unit of Measure")
    reason_id = fields.Many2one("revlog.return.reason", string="Reason")
    resolution = fields.Selection(RESOLUTIONS, required=True, default="refund")
    exchange_product_id = fields.Many2one(
        "product.product",
        string="Replacement",
        domain="[('type', '=', 'consu'), ('sale_ok', '=', True)]",
        help="Empty: the same product.",
    )

    @api.constrains("quantity", "qty_returnable")
    def _check_quantity(self):
        for line in self:
            rounding = line.product_uom_id.rounding or 0.01
            if (
                float_compare(line.quantity, 0, precision_rounding=rounding) < 0
                or float_compare(line.quantity, line.qty_returnable, precision_rounding=rounding) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "quantity: %(rule)s: refused",
                        rule=self.env["revlog.return.line"]._quantity_rule_text(
                            self.env["revlog.policy.engine"]._line_label(line),
                            line.quantity,
                            line.qty_returnable,
                            line.qty_delivered,
                            line.qty_returned_before,
                        ),
                    )
                )
