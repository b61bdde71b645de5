from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.revlog_returns.models.revlog_outcome_mixin import SECONDS_PER_DAY


class StockQuant(models.Model):
    _inherit = "stock.quant"

    # returned units waiting in the returns locations, and for how long: what the warehouse clears first
    revlog_dwell_days = fields.Float(
        string="Waiting (days)", compute="_compute_revlog_dwell_days", digits=(16, 1), help="Since it came in."
    )

    def _compute_revlog_dwell_days(self):
        now = fields.Datetime.now()
        for quant in self:
            quant.revlog_dwell_days = (now - quant.in_date).total_seconds() / SECONDS_PER_DAY if quant.in_date else 0.0

    @api.model
    def _revlog_waiting_locations(self, companies=None):
        """The returns locations where units wait for a decision or a move: inspection, repair, recycle and
        return to vendor, of every warehouse of ``companies`` (all allowed companies by default)."""
        warehouses = self.env["stock.warehouse"].search([("company_id", "in", (companies or self.env.companies).ids)])
        return (
            warehouses.revlog_inspection_loc_id
            | warehouses.revlog_repair_loc_id
            | warehouses.revlog_recycle_loc_id
            | warehouses.revlog_vendor_loc_id
        )

    @api.model
    def _revlog_waiting_domain(self, too_long=False, companies=None):
        domain = [("location_id", "in", self._revlog_waiting_locations(companies).ids), ("quantity", ">", 0)]
        if too_long:
            days = min((companies or self.env.companies).mapped("revlog_dwell_days") or [0])
            domain.append(("in_date", "<", fields.Datetime.now() - timedelta(days=days)))
        return domain

    @api.model
    def action_revlog_waiting_too_long(self):
        """Warehouse: the returned units waiting longer than the company's threshold, oldest first."""
        action = self.env["ir.actions.act_window"]._for_xml_id("revlog_returns_stock.revlog_quant_waiting_action")
        action["domain"] = self._revlog_waiting_domain(too_long=True)
        return action
