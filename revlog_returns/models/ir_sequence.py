from odoo import api, models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _revlog_return_sequence(self, company):
        """The return numbering of ``company`` (RMA/2026/00001), created the first time it is needed so
        that every company, including new ones, numbers its returns on its own."""
        sequence = self.sudo().search([("code", "=", "revlog.return"), ("company_id", "=", company.id)], limit=1)
        if not sequence:
            sequence = self.sudo().create(
                {
                    "name": self.env._("Returns of %(company)s", company=company.name),
                    "code": "revlog.return",
                    "company_id": company.id,
                    "prefix": "RMA/%(range_year)s/",
                    "padding": 5,
                    "use_date_range": True,
                }
            )
        return sequence
