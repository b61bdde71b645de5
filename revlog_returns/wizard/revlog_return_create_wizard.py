from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class RevlogReturnCreateWizard(models.TransientModel):
    _name = "revlog.return.create.wizard"
    _inherit = ["revlog.input.mixin"]
    _description = "Create a Return from a Sale Order"

    sale_order_id = fields.Many2one("sale.order", required=True, readonly=True)
    company_id = fields.Many2one(related="sale_order_id.company_id")
    partner_id = fields.Many2one(related="sale_order_id.partner_id", string="Customer")
    reason_id = fields.Many2one(
        "revlog.return.reason",
        string="Reason",
        domain="[('company_id', 'in', [company_id, False])]",
        help="Applied to every line that has no reason of its own.",
    )
    customer_note = fields.Text(string="Customer's Note")
    line_ids = fields.One2many(
        "revlog.return.create.wizard.line",
        "wizard_id",
        string="Lines",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("sale_order_id")
    def _compute_line_ids(self):
        # what can come back: delivered goods, never a product marked non-returnable (the customer's portal
        # page lists those too, to say why they are refused)
        explain = self.env.context.get("revlog_explain_non_returnable")
        for wizard in self:
            order_lines = wizard.sale_order_id.order_line.filtered(
                lambda ln: (
                    not ln.display_type
                    and ln.product_id.type != "service"
                    and ln.qty_delivered > 0
                    and (explain or not ln.product_id.non_returnable)
                )
            )
            # compute returnable quantities through unsaved return lines: one place knows the rule
            Line = self.env["revlog.return.line"]
            probe = Line.concat(*(Line.new({"sale_line_id": sol.id}) for sol in order_lines))
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "sale_line_id": line.sale_line_id.id,
                        "qty_delivered": line.qty_delivered,
                        "qty_returned_before": line.qty_returned_before,
                        "qty_returnable": line.qty_returnable,
                        # the clerk types what the customer asks back: nothing is proposed on their behalf
                        "quantity": 0.0,
                    }
                )
                for line in probe
                if line.qty_returnable > 0
            ]

    def _prepare_return_vals(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda ln: ln.quantity > 0)
        if not lines:
            raise UserError(
                self.env._(
                    "Order %(order)s: set a quantity on at least one line to return.",
                    order=self.sale_order_id.name,
                )
            )
        return {
            "sale_order_id": self.sale_order_id.id,
            "partner_id": self.sale_order_id.partner_id.id,
            "company_id": self.sale_order_id.company_id.id,
            "customer_note": self.customer_note,
            "line_ids": [
                Command.create(
                    {
                        "sale_line_id": line.sale_line_id.id,
                        "product_id": line.product_id.id,
                        "quantity": line.quantity,
                        "reason_id": (line.reason_id or self.reason_id).id,
                        "resolution": line.resolution,
                        "exchange_product_id": line.resolution == "exchange"
                        and (line.exchange_product_id or line.product_id).id,
                    }
                )
                for line in lines
            ],
        }

    def action_create_return(self):
        ret = self.env["revlog.return"].create(self._prepare_return_vals())
        return ret.get_formview_action()
