from odoo import api, fields, models

from .revlog_grade import DISPOSITIONS


class RevlogDispositionRule(models.Model):
    _name = "revlog.disposition.rule"
    _inherit = ["revlog.input.mixin"]
    _description = "Disposition Rule"
    _order = "sequence, is_catch_all, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Rules are tried in this order; the first match wins.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    grade_ids = fields.Many2many("revlog.grade", string="Grades", help="Empty: any grade.")
    reason_ids = fields.Many2many("revlog.return.reason", string="Reasons", help="Empty: any reason.")
    product_category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Empty: any category (subcategories included).",
    )
    use_grade_default = fields.Boolean(
        string="Use the Grade's Disposition",
        help="Send the unit where its grade says (the grade's default disposition) instead of a fixed one.",
    )
    disposition = fields.Selection(DISPOSITIONS, default="resale")
    is_catch_all = fields.Boolean(
        compute="_compute_is_catch_all",
        store=True,
        help="Matches every line; tried after the specific rules of the same sequence.",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "disposition_set",
            "CHECK(use_grade_default OR disposition IS NOT NULL)",
            "A disposition rule needs a disposition, or to use the grade's.",
        ),
    ]

    @api.depends("grade_ids", "reason_ids", "product_category_ids")
    def _compute_is_catch_all(self):
        for rule in self:
            rule.is_catch_all = not (rule.grade_ids or rule.reason_ids or rule.product_category_ids)

    def _match(self, line):
        self.ensure_one()
        if self.grade_ids and line.grade_id not in self.grade_ids:
            return False
        if self.reason_ids and line.reason_id not in self.reason_ids:
            return False
        if self.product_category_ids:
            ancestors = {int(i) for i in line.product_id.categ_id.parent_path.split("/") if i}
            if not ancestors.intersection(self.product_category_ids.ids):
                return False
        return True

    def _disposition_for(self, line):
        return line.grade_id.default_disposition if self.use_grade_default else self.disposition

    @api.model
    def _apply_to_lines(self, lines):
        """Route graded lines: the first matching rule of the line's company sets the disposition and
        a trace; with no match, the grade's default disposition applies (and the trace says so)."""
        rules = self.search([("company_id", "in", lines.company_id.ids)])
        labels = dict(DISPOSITIONS)
        batches = {}
        for line in lines:
            rule = next((r for r in rules if r.company_id == line.company_id and r._match(line)), self)
            disposition = rule._disposition_for(line) if rule else line.grade_id.default_disposition
            trace = self.env._(
                "grade %(grade)s (score %(score)s), reason %(reason)s, category %(category)s: %(rule)s sends it to "
                "%(disposition)s",
                grade=line.grade_id.display_name,
                score=format(line.inspection_id.score, "g") if line.inspection_id else "-",
                reason=line.reason_id.name or "-",
                category=line.product_id.categ_id.name,
                rule=self.env._("rule “%(name)s”", name=rule.name)
                if rule
                else self.env._("no rule matches, the grade's default"),
                disposition=labels[disposition].lower(),
            )
            batches.setdefault((disposition, rule.id, trace), []).append(line.id)
        for (disposition, rule_id, trace), line_ids in batches.items():
            lines.browse(line_ids).write(
                {
                    "disposition": disposition,
                    "disposition_rule_id": rule_id,
                    "disposition_trace": trace,
                }
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self.env["revlog.workflow.mixin"]._revlog_check_unused(
            self,
            [("revlog.return.line", "disposition_rule_id")],
        )
