from odoo import api, fields, models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _revlog_return_sequence(self, company, dates=()):
        """The return numbering of ``company`` (RMA/2026/00001), created the first time it is needed so
        that every company, including new ones, numbers its returns on its own.

        Two first returns of a new company (or of a new year) created at the same moment would each create
        a numbering (or a year range) of their own, both starting at 00001. Whoever creates one touches the
        row both would create it from first: the other request then fails to serialise and Odoo retries it,
        and the retry finds the numbering made. The unique (company, name) constraint stays the last line
        of defence."""
        Mutex = self.env["revlog.workflow.mixin"]
        sequence = self.sudo().search([("code", "=", "revlog.return"), ("company_id", "=", company.id)], limit=1)
        if not sequence:
            Mutex._revlog_touch(company)
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
        if sequence.use_date_range:
            ranges = sequence.date_range_ids
            days = {fields.Date.to_date(day) for day in dates if day}
            if any(not ranges.filtered(lambda r, d=day: r.date_from <= d <= r.date_to) for day in days):
                Mutex._revlog_touch(sequence)
        return sequence
