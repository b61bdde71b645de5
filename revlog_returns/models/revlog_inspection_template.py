from odoo import api, fields, models
from odoo.exceptions import UserError


class RevlogInspectionTemplate(models.Model):
    _name = "revlog.inspection.template"
    _inherit = ["revlog.input.mixin"]
    _description = "Inspection Template"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Leave empty to share the template between companies.",
    )
    product_category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        required=True,
        help="Products of these categories (and their subcategories, unless a nearer template exists) are "
        "inspected with this template.",
    )
    criterion_ids = fields.One2many("revlog.inspection.criterion", "template_id", string="Criteria", copy=True)
    photo_required = fields.Boolean(help="An inspection cannot be completed without at least one photo.")
    instructions = fields.Html(translate=True)

    @api.model
    def _template_for_products(self, products, company):
        """{product: template} — for each product, the template of its nearest category (itself, then its
        parents) among the templates ``company`` can use."""
        templates = self.search([("company_id", "in", [company.id, False])])
        by_category = {}
        for template in templates.sorted(lambda t: (not t.company_id, t.sequence, t.id), reverse=True):
            for categ in template.product_category_ids:
                by_category[categ.id] = template  # best (company-specific, lowest sequence) written last
        result = {}
        for product in products:
            path = [int(i) for i in product.categ_id.parent_path.split("/") if i]
            result[product] = next((by_category[c] for c in reversed(path) if c in by_category), self)
        return result

    @api.model
    def _template_for_lines(self, lines):
        """{line: template}; raises naming every product no template covers."""
        result, missing = {}, []
        for company in lines.company_id:
            company_lines = lines.filtered(lambda ln, c=company: ln.company_id == c)
            templates = self._template_for_products(company_lines.product_id, company)
            for line in company_lines:
                result[line] = templates[line.product_id]
                if not result[line]:
                    missing.append(line)
        if missing:
            raise UserError(
                self.env._(
                    "No inspection template applies to %(products)s: create one for their product category "
                    "(or a parent category) in Returns > Configuration > Inspection Templates.",
                    products=", ".join(
                        f"{ln.product_id.display_name} ({ln.product_id.categ_id.complete_name}, {ln.return_id.name})"
                        for ln in missing[:10]
                    ),
                )
            )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self.env["revlog.workflow.mixin"]._revlog_check_unused(
            self,
            [("revlog.inspection", "template_id")],
        )
