from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .revlog_grade import DISPOSITIONS

# fields a clerk decides in draft; afterwards the line is a record of what was agreed
AGREED_FIELDS = {
    "product_id",
    "sale_line_id",
    "quantity",
    "product_uom_id",
    "return_id",
    "resolution",
    "exchange_product_id",
}

# what the customer gets for the line
RESOLUTIONS = [
    ("refund", "Refund"),
    ("exchange", "Exchange"),
    ("repair_return", "Repair and Send Back"),
    ("refund_no_return", "Refund, Keep the Item"),
]


class RevlogReturnLine(models.Model):
    _name = "revlog.return.line"
    _description = "Return Line"
    _inherit = ["revlog.workflow.mixin"]
    _order = "return_id, sequence, id"
    _check_company_auto = True
    _rec_names_search = ["return_id", "product_id"]

    return_id = fields.Many2one("revlog.return", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="return_id.company_id", store=True, index=True)
    state = fields.Selection(related="return_id.state", store=True, string="Return Status")
    partner_id = fields.Many2one(related="return_id.partner_id", store=True, string="Customer")
    date_request = fields.Date(related="return_id.date_request", store=True)
    # the return's outcome on each of its lines, so that reasons, categories and inspectors are measured in SQL
    days_to_release = fields.Float(related="return_id.days_to_release", store=True, aggregator="avg")
    released_count = fields.Integer(related="return_id.released_count", store=True)
    sla_met_count = fields.Integer(related="return_id.sla_met_count", store=True)
    inspector_id = fields.Many2one(related="inspection_id.inspector_id", store=True, string="Inspector")
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        index="btree_not_null",
        check_company=True,
        domain="[('order_id', '=', parent.sale_order_id)]",
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        index=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    product_categ_id = fields.Many2one(related="product_id.categ_id", store=True, string="Product Category")
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit of Measure")
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        precompute=True,
    )
    qty_delivered = fields.Float(
        string="Delivered",
        compute="_compute_quantities",
        digits="Product Unit of Measure",
        help="Delivered on the order line, less what came back outside revlog returns.",
    )
    qty_returned_before = fields.Float(
        string="On Other Returns",
        compute="_compute_quantities",
        digits="Product Unit of Measure",
    )
    qty_returnable = fields.Float(
        string="Returnable",
        compute="_compute_quantities",
        digits="Product Unit of Measure",
    )
    reason_id = fields.Many2one(
        "revlog.return.reason", string="Reason", index=True, check_company=True, ondelete="restrict"
    )
    policy_id = fields.Many2one(
        "revlog.return.policy",
        string="Policy",
        compute="_compute_policy_id",
        store=True,
        index=True,
        ondelete="restrict",
        help="The policy whose scope covers this product: its return window, refund per grade, restocking fee "
        "and lot/serial rule apply to this line, whatever the other lines of the return are.",
    )
    customer_note = fields.Char(string="Customer's Note")
    currency_id = fields.Many2one(related="return_id.currency_id")
    price_unit = fields.Monetary(
        string="Unit Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        help="The order line's price after discount, untaxed.",
    )
    price_subtotal = fields.Monetary(string="Subtotal", compute="_compute_price_subtotal", store=True)
    inspection_ids = fields.One2many(
        "revlog.inspection", "return_line_id", string="Inspections", groups="base.group_user"
    )
    inspection_id = fields.Many2one(
        "revlog.inspection", string="Inspection", compute="_compute_inspection_id", store=True
    )
    grade_id = fields.Many2one(
        "revlog.grade", string="Grade", readonly=True, copy=False, index=True, ondelete="restrict"
    )
    refund_percent = fields.Float(
        string="Refund %",
        default=100.0,
        readonly=True,
        copy=False,
        help="Share of the price refunded: 100% before grading, the policy's percent for the grade after.",
    )
    disposition = fields.Selection(DISPOSITIONS, readonly=True, copy=False, index=True)
    disposition_rule_id = fields.Many2one("revlog.disposition.rule", readonly=True, copy=False, ondelete="restrict")
    disposition_trace = fields.Char(readonly=True, copy=False, help="Why this disposition.")
    qty_approved = fields.Float(
        string="Approved",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
        help="The quantity approved, kept when a receipt closed short reduces the line to what arrived.",
    )
    resolution = fields.Selection(
        RESOLUTIONS,
        required=True,
        default="refund",
        help="What the customer gets: a refund (the unit comes back), a replacement, their unit repaired and "
        "sent back (warranty), or a refund without sending the unit back (where the policy or the reason "
        "allows it).",
    )
    exchange_product_id = fields.Many2one(
        "product.product",
        string="Replacement",
        check_company=True,
        compute="_compute_exchange_product_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('type', '=', 'consu'), ('sale_ok', '=', True)]",
        help="The product shipped in exchange (the same one, another variant or another product). A price "
        "difference is invoiced or credited.",
    )
    exchange_deadline = fields.Date(
        string="Receive By",
        readonly=True,
        copy=False,
        help="Advance exchange: the replacement ships before the unit comes back; if the unit has not arrived "
        "by this day, the customer is invoiced for the replacement.",
    )

    @api.depends("sale_line_id")
    def _compute_product_id(self):
        for line in self.filtered("sale_line_id"):
            line.product_id = line.sale_line_id.product_id

    @api.depends("resolution", "product_id")
    def _compute_exchange_product_id(self):
        for line in self:
            if line.resolution != "exchange":
                line.exchange_product_id = False
            elif not line.exchange_product_id:
                line.exchange_product_id = line.product_id

    @api.depends("sale_line_id", "product_id")
    def _compute_product_uom_id(self):
        for line in self:
            line.product_uom_id = line.sale_line_id.product_uom or line.product_id.uom_id

    @api.depends(
        "product_id", "return_id.partner_id", "return_id.sale_order_id", "return_id.company_id", "return_id.policy_id"
    )
    def _compute_policy_id(self):
        drafts = self.filtered(lambda ln: ln.return_id.state in (False, "draft"))
        for line in self - drafts:
            # frozen once the return is decided (lines older than per-line policies take the return's)
            line.policy_id = line.policy_id or line.return_id.policy_id
        for line, policy in self.env["revlog.policy.engine"]._select_line_policies(drafts).items():
            line.policy_id = policy

    @api.depends("sale_line_id")
    def _compute_price_unit(self):
        for line in self.filtered("sale_line_id"):
            sol = line.sale_line_id
            line.price_unit = sol.price_unit * (1 - (sol.discount or 0.0) / 100)

    @api.depends("inspection_ids")
    def _compute_inspection_id(self):
        for line in self:
            line.inspection_id = line.inspection_ids[:1]

    @api.depends("quantity", "price_unit")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = (
                line.currency_id.round(line.quantity * line.price_unit)
                if line.currency_id
                else line.quantity * line.price_unit
            )

    @api.constrains("reason_id")
    def _check_reason_active(self):
        archived = self.filtered(lambda ln: ln.reason_id and not ln.reason_id.active and ln.return_id.state == "draft")
        if archived:
            raise ValidationError(
                self.env._(
                    "%(lines)s: the reason %(reasons)s is archived; choose a current one (rule: archived reasons "
                    "stay on past returns only).",
                    lines=", ".join(archived.mapped("display_name")),
                    reasons=", ".join(archived.reason_id.mapped("name")),
                )
            )

    @api.constrains("exchange_product_id", "company_id")
    def _check_exchange_product(self):
        for line in self.filtered("exchange_product_id"):
            company = line.exchange_product_id.company_id
            if company and company != line.company_id:
                raise ValidationError(
                    self.env._(
                        "Return %(ret)s: the replacement %(product)s belongs to %(company)s, not to the return's "
                        "company.",
                        ret=line.return_id.name,
                        product=line.exchange_product_id.display_name,
                        company=company.name,
                    )
                )

    @api.constrains("sale_line_id", "return_id")
    def _check_order_line_needed(self):
        for line in self:
            if line.return_id.sale_order_id and not line.sale_line_id:
                raise ValidationError(
                    self.env._(
                        "Return %(ret)s: pick the order line of %(product)s on order %(order)s.",
                        ret=line.return_id.name,
                        product=line.product_id.display_name,
                        order=line.return_id.sale_order_id.name,
                    )
                )

    # CRUD

    def _revlog_workflow_fields(self):
        return super()._revlog_workflow_fields() | {
            "grade_id",
            "refund_percent",
            "disposition",
            "disposition_rule_id",
            "disposition_trace",
            "policy_id",
            "price_subtotal",
            "inspection_id",
            "exchange_deadline",
            "qty_approved",
        }

    def _record_approved_quantities(self):
        """What was approved, as it stands at approval (one write per distinct quantity)."""
        by_qty = defaultdict(lambda: self.browse())
        for line in self:
            by_qty[line.quantity] |= line
        for qty, lines in by_qty.items():
            lines.sudo().qty_approved = qty

    # what each resolution asks of the flow

    def _needs_receipt(self):
        """Whether the unit comes back: every resolution but a refund without return."""
        self.ensure_one()
        return self.resolution != "refund_no_return"

    def _needs_grading(self):
        """Whether the unit is inspected and routed by the disposition rules once received: units that become
        the company's again (refund, exchange). A unit repaired for its owner goes to repair and back."""
        self.ensure_one()
        return self.resolution in ("refund", "exchange")

    def _under_warranty(self, delivery=None):
        """Whether a repair of this unit charges no parts: delivered within its policy's warranty days, counted
        in the company's days (a unit sold without an order here is repaired under warranty). ``delivery``: the
        order lines' delivery data when the caller read it for a batch."""
        self.ensure_one()
        if not self.sale_line_id:
            return True
        policy = self.policy_id or self.return_id.policy_id
        data = (delivery or self.sale_line_id._revlog_delivery_data()).get(self.sale_line_id.id, {})
        delivered_on = self.company_id._revlog_local_date(data.get("date"))
        if not delivered_on:
            return False
        return (self.return_id.date_request - delivered_on).days <= policy.warranty_days

    def _credits_customer(self):
        """Whether the line is settled by a credit note (exchanges settle a price difference instead, warranty
        repairs credit nothing)."""
        self.ensure_one()
        return self.resolution in ("refund", "refund_no_return")

    def _check_price(self, price, sale_line_id):
        """The unit price of a line sold on an order is the order's: only lines without one (warranty
        returns) take a price from the caller."""
        sale_line = self.env["sale.order.line"].browse(sale_line_id)
        if self.env.su or not sale_line:
            return
        expected = sale_line.price_unit * (1 - (sale_line.discount or 0.0) / 100)
        if sale_line.currency_id.compare_amounts(price or 0.0, expected):
            raise UserError(
                self.env._(
                    "%(product)s: the unit price of a returned order line is the order's (%(price)s).",
                    product=sale_line.product_id.display_name,
                    price=expected,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._revlog_check_vals(vals_list)
        for vals in vals_list:
            if "price_unit" in vals:
                self._check_price(vals["price_unit"], vals.get("sale_line_id"))
        lines = super().create(vals_list)
        lines.return_id._check_state({"draft"}, self.env._("add lines to"))
        return lines

    def write(self, vals):
        self._revlog_check_vals([vals])
        if "price_unit" in vals:
            for line in self:
                line._check_price(vals["price_unit"], vals.get("sale_line_id", line.sale_line_id.id))
        reducing = self.env.su and self.env.context.get("revlog_reduce_to_received")
        if AGREED_FIELDS & vals.keys() and not reducing:
            self.return_id._check_state({"draft"}, self.env._("change the products or quantities of"))
            if vals.get("return_id"):
                self.return_id.browse(vals["return_id"])._check_state({"draft"}, self.env._("move lines to"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_agreed(self):
        agreed = self.return_id.filtered(lambda r: r.state not in ("draft", "cancelled"))
        if agreed:
            raise UserError(
                self.env._(
                    "You cannot remove lines of %(names)s: they are approved.",
                    names=", ".join(agreed.mapped("name")),
                )
            )

    # inspection

    def action_inspect(self):
        """Open each line's inspection, creating it from its product category's template if missing."""
        self.env["revlog.inspection"]._create_for_lines(self.filtered(lambda ln: not ln.inspection_id))
        inspections = self.inspection_id
        action = self.env["ir.actions.act_window"]._for_xml_id("revlog_returns.revlog_inspection_action")
        if len(inspections) == 1:
            action.update({"res_id": inspections.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", inspections.ids)]
        return action

    def _apply_grades(self, grades):
        """Write each line's grade and the refund percent its policy gives it, then route it. Written as the
        system: the caller's rights were checked by the action that graded (see revlog.workflow.mixin)."""
        lines = self.sudo()
        refunds = lines.policy_id._refund_percent_by_grade()
        batches = {}
        for line in lines:
            grade = grades[line]
            percent = refunds.get((line.policy_id.id, grade.id), 100.0)
            batches.setdefault((grade.id, percent), []).append(line.id)
        for (grade_id, percent), line_ids in batches.items():
            lines.browse(line_ids).write({"grade_id": grade_id, "refund_percent": percent})
        self.env["revlog.disposition.rule"].sudo()._apply_to_lines(lines)

    def _route_without_grading(self):
        """Units repaired for their owner go to repair as soon as they are received: no grade, no rule."""
        lines = self.filtered(lambda ln: ln.resolution == "repair_return" and not ln.disposition)
        lines.sudo().write(
            {
                "disposition": "repair",
                "disposition_trace": self.env._("warranty repair: repaired, then sent back to the customer"),
            }
        )
        return lines

    def _grade_without_inspection(self):
        """Lines whose reason needs no inspection get the best grade as soon as they are received."""
        lines = self.filtered(
            lambda ln: ln._needs_grading() and not ln.grade_id and ln.reason_id and not ln.reason_id.requires_inspection
        )
        if not lines:
            return lines
        grades = self.env["revlog.grade"]._grades_by_company(lines.company_id)
        best = {line: grades[line.company_id][:1] for line in lines}
        graded = lines.filtered(lambda ln: best[ln])
        graded._apply_grades(best)
        return graded

    def _flag_suspicious_defect_claims(self):
        """A unit returned as defective that grades at the best grade is a fraud or quality signal."""
        grades = self.env["revlog.grade"]._grades_by_company(self.company_id)
        suspicious = self.filtered(
            lambda ln: ln.reason_id.is_defect_claim and ln.grade_id and ln.grade_id == grades[ln.company_id][:1]
        )
        for ret in suspicious.return_id:
            products = ", ".join(
                suspicious.filtered(lambda ln, r=ret: ln.return_id == r).product_id.mapped("display_name")
            )
            note = self.env._("Claimed defective but graded best: %(products)s", products=products)
            ret.write({"to_review": True, "review_note": "\n".join(filter(None, [ret.review_note, note]))})
            ret.message_post(body=note)
