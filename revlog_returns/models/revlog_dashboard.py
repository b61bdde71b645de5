from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# a hundred years of returns: beyond, the date arithmetic overflows
MAX_DAYS = 36500


class RevlogDashboard(models.AbstractModel):
    """The Returns dashboard's data: outcome KPIs of the returns requested in a period against the targets set
    in Settings, their breakdowns and their trend, each number with the action that opens the records behind
    it. Every figure is one ``_read_group`` over stored measures; the stock and accounting addons add theirs
    (``_kpis``, ``_breakdowns``)."""

    _name = "revlog.dashboard"
    _description = "Returns Dashboard"

    @api.model
    def get_dashboard_data(self, date_from=None, date_to=None, days=90):
        """The dashboard for the returns requested from ``date_from`` to ``date_to`` (default: the last ``days``
        days, today included)."""
        if not self.env.user.has_group("revlog_returns.group_returns_manager"):
            raise AccessError(self.env._("The Returns dashboard is for returns managers."))
        # the days returns are dated in (the company's time zone)
        today = self.env.company._revlog_today()
        date_to, date_from, days = self._period(date_from, date_to, days)
        date_to = date_to or today
        date_from = date_from or date_to - timedelta(days=days - 1)
        # the companies the user works in (some figures are counted as the system, past record rules)
        domain = [
            ("date_request", ">=", date_from),
            ("date_request", "<=", date_to),
            ("company_id", "in", self.env.companies.ids),
        ]
        company = self.env.company
        return {
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "currency": {
                "id": company.currency_id.id,
                "symbol": company.currency_id.symbol,
                "position": company.currency_id.position,
            },
            "kpis": self._kpis(domain, date_from, date_to),
            "breakdowns": self._breakdowns(domain),
            "series": self._series(domain),
        }

    # building blocks

    @api.model
    def _period(self, date_from, date_to, days):
        """The period asked for, checked: real dates in order, from 1 day to 100 years."""
        try:
            dates = [fields.Date.to_date(value) for value in (date_to, date_from)]
            days = int(days)
        except (TypeError, ValueError, OverflowError) as error:
            raise UserError(
                self.env._("Returns dashboard: the period asked for is not readable (%(error)s).", error=error)
            ) from None
        if not 1 <= days <= MAX_DAYS or (all(dates) and dates[1] > dates[0]):
            raise UserError(
                self.env._(
                    "Returns dashboard: the period runs from a start date to a later end date, at most %(max)s days.",
                    max=MAX_DAYS,
                )
            )
        return dates[0], dates[1], days

    def _returns_action(self, name, domain, view_mode="list,pivot,graph,form"):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "revlog.return",
            "view_mode": view_mode,
            "views": [(False, mode) for mode in view_mode.split(",")],
            "domain": domain,
            "context": {"create": False},
        }

    def _kpi(self, key, label, value, unit="", target=None, better="high", action=None, digits=1):
        """One card: ``better`` says which side of the target is good ("high": at least, "low": at most)."""
        ok = None
        if target and value is not None:
            ok = value >= target if better == "high" else value <= target
        return {
            "key": key,
            "label": label,
            "value": round(value, digits) if value is not None else None,
            "digits": digits,
            # an amount in the company's currency: the web client formats it as Odoo formats money
            "monetary": unit == self.env.company.currency_id.symbol,
            "unit": unit,
            "target": target or None,
            "better": better,
            "ok": ok,
            "action": action,
        }

    def _sum(self, model, domain, *aggregates, sudo=False):
        Model = self.env[model].sudo() if sudo else self.env[model]
        return Model._read_group(domain, [], list(aggregates))[0]

    # KPIs

    def _kpis(self, domain, date_from, date_to):
        company = self.env.company
        released = [*domain, ("date_released", "!=", False)]
        received = [*domain, ("date_received", "!=", False)]
        (count,) = self._sum("revlog.return", domain, "__count")
        release_days, released_count, in_sla = self._sum(
            "revlog.return", released, "days_to_release:avg", "released_count:sum", "sla_met_count:sum"
        )
        (received_count,) = self._sum("revlog.return", received, "__count")
        (accurate,) = self._sum("revlog.return", [*received, ("accuracy_ok", "=", True)], "__count")
        delivered, returned = self._sum(
            "revlog.return.rate.report",
            [("date", ">=", date_from), ("date", "<=", date_to), ("company_id", "in", self.env.companies.ids)],
            "qty_delivered:sum",
            "qty_returned:sum",
        )
        (flagged,) = self._sum("revlog.return", [*domain, ("to_review", "=", True)], "__count", sudo=True)
        return [
            self._kpi(
                "returns",
                self.env._("Returns"),
                count,
                action=self._returns_action(self.env._("Returns"), domain),
                digits=0,
            ),
            self._kpi(
                "days_to_release",
                self.env._("Days to release"),
                release_days if released_count else None,
                self.env._("days"),
                company.revlog_target_release_days,
                better="low",
                action=self._returns_action(self.env._("Released returns"), released, "pivot,list,graph,form"),
            ),
            self._kpi(
                "sla",
                self.env._("Closed within SLA"),
                100.0 * in_sla / released_count if released_count else None,
                "%",
                company.revlog_target_sla_percent,
                action=self._returns_action(self.env._("Released late"), [*released, ("sla_met", "=", False)]),
            ),
            self._kpi(
                "accuracy",
                self.env._("Received as approved"),
                100.0 * accurate / received_count if received_count else None,
                "%",
                action=self._returns_action(
                    self.env._("Received otherwise than approved"), [*received, ("accuracy_ok", "=", False)]
                ),
            ),
            self._kpi(
                "flagged",
                self.env._("Flagged for review"),
                flagged,
                better="low",
                action=self._returns_action(self.env._("Flagged for review"), [*domain, ("to_review", "=", True)]),
                digits=0,
            ),
            self._kpi(
                "return_rate",
                self.env._("Return rate"),
                100.0 * returned / delivered if delivered else None,
                "%",
                better="low",
                action={
                    "type": "ir.actions.act_window",
                    "name": self.env._("Return Rates"),
                    "res_model": "revlog.return.rate.report",
                    "view_mode": "pivot,graph",
                    "views": [(False, "pivot"), (False, "graph")],
                    "domain": [
                        ("date", ">=", fields.Date.to_string(date_from)),
                        ("date", "<=", fields.Date.to_string(date_to)),
                    ],
                },
                digits=2,
            ),
        ]

    # breakdowns and trend

    def _breakdown(self, title, domain, groupby, empty_label=None):
        """Lines of the period's returns by ``groupby`` (a field of return lines): how many, how fast the
        released ones were released and how many within their deadline."""
        Line = self.env["revlog.return.line"]
        line_domain = [(f"return_id.{name}", op, value) for name, op, value in domain]
        counts = dict(Line._read_group(line_domain, [groupby], ["__count"]))
        released = {
            group: (days, count, in_sla)
            for group, days, count, in_sla in Line._read_group(
                [*line_domain, ("released_count", "=", 1)],
                [groupby],
                ["days_to_release:avg", "__count", "sla_met_count:sum"],
            )
        }
        rows = []
        for group, count in sorted(counts.items(), key=lambda item: -item[1]):
            days, released_count, in_sla = released.get(group, (0.0, 0, 0))
            rows.append(
                {
                    "name": group.display_name if group else (empty_label or self.env._("Not set")),
                    "count": count,
                    "days_to_release": round(days, 1) if released_count else None,
                    "sla": round(100.0 * in_sla / released_count, 1) if released_count else None,
                    "action": {
                        "type": "ir.actions.act_window",
                        "name": title,
                        "res_model": "revlog.return.line",
                        "view_mode": "list,pivot",
                        "views": [(False, "list"), (False, "pivot")],
                        "domain": [*line_domain, (groupby, "=", group.id if group else False)],
                        "context": {"create": False},
                    },
                }
            )
        return {"key": groupby, "title": title, "rows": rows}

    def _breakdowns(self, domain):
        return [
            self._breakdown(self.env._("By reason"), domain, "reason_id"),
            self._breakdown(self.env._("By product category"), domain, "product_categ_id"),
            self._breakdown(
                self.env._("By inspector"), domain, "inspector_id", empty_label=self.env._("Not inspected yet")
            ),
        ]

    def _series(self, domain):
        groups = self.env["revlog.return"]._read_group(
            domain,
            ["date_request:month"],
            ["__count", "released_count:sum", "sla_met_count:sum", "days_to_release:avg"],
        )
        return [
            {
                "period": fields.Date.to_string(month),
                "count": count,
                "released": released,
                "sla": round(100.0 * in_sla / released, 1) if released else None,
                "days_to_release": round(days, 1) if released else None,
            }
            for month, count, released, in_sla, days in groups
        ]
