from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    non_returnable = fields.Boolean(
        string="Non-Returnable",
        help="Return policies refuse returns of this product (e.g. hygiene items, gift cards).",
    )
    non_returnable_reason = fields.Char(
        string="Why Not Returnable",
        translate=True,
        help="Ends the sentence customers read, e.g. 'Earbud tips cannot be returned for hygiene reasons'.",
    )
