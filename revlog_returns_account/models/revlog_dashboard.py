from odoo import api, models


class RevlogDashboard(models.AbstractModel):
    _inherit = "revlog.dashboard"

    @api.model
    def _kpis(self, domain, date_from, date_to):
        kpis = super()._kpis(domain, date_from, date_to)
        company = self.env.company
        accountant = self.env.user.has_group("account.group_account_invoice")
        # the ledger as the general ledger holds it (posted journal items carrying the returns), counted as the
        # system: a returns manager reads the figures, accountants open the items behind them
        report_domain = [(f"return_id.{name}", op, value) for name, op, value in domain]
        cost, recovered, net_cost = self._sum(
            "revlog.recovery.report",
            report_domain,
            "cost_amount:sum",
            "recovered_value:sum",
            "net_return_cost:sum",
            sudo=True,
        )
        refunded = [*domain, ("date_refunded", "!=", False)]
        refund_days, refunded_count = self._sum("revlog.return", refunded, "days_to_refund:avg", "__count")
        line_domain = [(f"return_id.{name}", op, value) for name, op, value in domain]
        margin, resold = self._sum(
            "revlog.return.line",
            [*line_domain, ("resold_qty", ">", 0)],
            "resale_margin:sum",
            "resold_qty:sum",
            sudo=True,
        )
        report_action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Recovery Analysis"),
            "res_model": "revlog.recovery.report",
            "view_mode": "pivot,graph,list",
            "views": [(False, "pivot"), (False, "graph"), (False, "list")],
            "domain": report_domain,
        }
        Quant = self.env["stock.quant"]
        (waiting_value,) = self._sum("stock.quant", Quant._revlog_waiting_domain(), "value:sum", sudo=True)
        kpis += [
            self._kpi(
                "value_waiting",
                self.env._("Value waiting in returns locations"),
                waiting_value,
                company.currency_id.symbol,
                better="low",
                digits=2,
            ),
            self._kpi(
                "recovery",
                self.env._("Value recovered"),
                100.0 * recovered / cost if cost else None,
                "%",
                company.revlog_target_recovery_percent,
                action=report_action if accountant else None,
            ),
            self._kpi(
                "net_return_cost",
                self.env._("Net return cost"),
                net_cost,
                company.currency_id.symbol,
                better="low",
                action=report_action if accountant else None,
                digits=2,
            ),
            self._kpi(
                "days_to_refund",
                self.env._("Days to refund"),
                refund_days if refunded_count else None,
                self.env._("days"),
                better="low",
                action=self._returns_action(self.env._("Refunded returns"), refunded, "pivot,list,graph,form"),
            ),
            self._kpi(
                "margin_recovered",
                self.env._("Margin recovered on resale"),
                margin if resold else None,
                company.currency_id.symbol,
                action=self._returns_action(
                    self.env._("Returned units sold again"), [*domain, ("line_ids.resold_qty", ">", 0)]
                ),
                digits=2,
            ),
        ]
        return kpis
