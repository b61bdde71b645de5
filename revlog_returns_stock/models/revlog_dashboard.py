from odoo import api, models


class RevlogDashboard(models.AbstractModel):
    _inherit = "revlog.dashboard"

    @api.model
    def _kpis(self, domain, date_from, date_to):
        kpis = super()._kpis(domain, date_from, date_to)
        # counted as the system (a returns manager may have no inventory rights), opened only by warehouse staff
        Quant = self.env["stock.quant"]
        (waiting,) = self._sum("stock.quant", Quant._revlog_waiting_domain(), "quantity:sum", sudo=True)
        (too_long,) = self._sum("stock.quant", Quant._revlog_waiting_domain(too_long=True), "quantity:sum", sudo=True)
        stock_user = self.env.user.has_group("stock.group_stock_user")
        waiting_quants = Quant.sudo().search(Quant._revlog_waiting_domain())
        dwell = sum(q.revlog_dwell_days * q.quantity for q in waiting_quants) / waiting if waiting else None
        (mismatches,) = self._sum(
            "revlog.return.line",
            [*[(f"return_id.{n}", o, v) for n, o, v in domain], ("lot_mismatch", "=", True)],
            "__count",
        )
        too_long_action = Quant.action_revlog_waiting_too_long() if stock_user else None
        waiting_action = (
            dict(
                too_long_action,
                name=self.env._("Units Waiting in Returns Locations"),
                domain=Quant._revlog_waiting_domain(),
            )
            if stock_user
            else None
        )
        kpis += [
            self._kpi(
                "units_waiting",
                self.env._("Units waiting in returns locations"),
                waiting,
                action=waiting_action,
                digits=0,
            ),
            self._kpi(
                "dwell_days",
                self.env._("Days waiting (average)"),
                dwell,
                self.env._("days"),
                better="low",
                action=waiting_action,
            ),
            self._kpi(
                "units_waiting_too_long",
                self.env._("Waiting too long"),
                too_long,
                better="low",
                action=too_long_action,
                digits=0,
            ),
            self._kpi(
                "lot_mismatches",
                self.env._("Lot/serial mismatches"),
                mismatches,
                better="low",
                action=self._returns_action(
                    self.env._("Lot/serial mismatches"), [*domain, ("line_ids.lot_mismatch", "=", True)]
                ),
                digits=0,
            ),
        ]
        return kpis

    @api.model
    def _breakdowns(self, domain):
        return [*super()._breakdowns(domain), self._breakdown(self.env._("By warehouse"), domain, "warehouse_id")]
