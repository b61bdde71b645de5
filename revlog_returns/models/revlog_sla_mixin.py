from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# returns still waiting for someone: their deadline matters
OPEN_STATES = ("draft", "approved", "received", "inspected")
DUE_SOON_DAYS = 2
DEADLINE_STATES = [("late", "Late"), ("due_soon", "Due Soon"), ("on_time", "On Time")]


class RevlogSlaMixin(models.AbstractModel):
    """The service level of a return: its deadline, whether it is late or due soon (filters, list colours,
    the kanban progress bars) and the review activity that carries the deadline to the responsible."""

    _name = "revlog.sla.mixin"
    _description = "Return Service Level"

    is_late = fields.Boolean(compute="_compute_deadline_state", search="_search_is_late")
    deadline_state = fields.Selection(
        DEADLINE_STATES,
        string="Service Level",
        compute="_compute_deadline_state",
        search="_search_deadline_state",
        help="Open returns past their deadline are late; due soon within two days of it.",
    )

    def _compute_deadline_state(self):
        today = fields.Date.context_today(self)
        for record in self:
            deadline = record.date_deadline if record.state in OPEN_STATES else False
            if not deadline:
                record.deadline_state = False
            elif deadline < today:
                record.deadline_state = "late"
            elif deadline <= today + timedelta(days=DUE_SOON_DAYS):
                record.deadline_state = "due_soon"
            else:
                record.deadline_state = "on_time"
            record.is_late = record.deadline_state == "late"

    def _deadline_domains(self):
        today = fields.Date.context_today(self)
        soon = today + timedelta(days=DUE_SOON_DAYS)
        open_ = [("state", "in", OPEN_STATES), ("date_deadline", "!=", False)]
        return {
            "late": [*open_, ("date_deadline", "<", today)],
            "due_soon": [*open_, ("date_deadline", ">=", today), ("date_deadline", "<=", soon)],
            "on_time": [*open_, ("date_deadline", ">", soon)],
        }

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Filter late returns with '=' or '!=' and a boolean."))
        late = self._deadline_domains()["late"]
        return late if (operator == "=") == value else ["!", "&", "&", *late]

    def _search_deadline_state(self, operator, value):
        values = [value] if isinstance(value, str) else list(value or [])
        if operator not in ("=", "in") or not set(values) <= {key for key, __ in DEADLINE_STATES}:
            raise UserError(self.env._("Filter the service level with '=' or 'in' and late, due_soon or on_time."))
        domains = self._deadline_domains()
        domain = []
        for index, state in enumerate(values):
            domain = ["|", *domain, *domains[state]] if index else list(domains[state])
        return domain or [("id", "=", False)]

    @api.model
    def _read_group_groupby(self, groupby_spec, query):
        # grouped in SQL like mail's activity_state, so that kanban progress bars count late / due soon / on time
        if groupby_spec != "deadline_state":
            return super()._read_group_groupby(groupby_spec, query)
        self.flush_model(["date_deadline", "state"])
        today = fields.Date.context_today(self)
        deadline = SQL.identifier(query.table, "date_deadline")
        state = SQL.identifier(query.table, "state")
        return SQL(
            """CASE WHEN %(state)s NOT IN %(open)s OR %(deadline)s IS NULL THEN NULL
                    WHEN %(deadline)s < %(today)s THEN 'late'
                    WHEN %(deadline)s <= %(soon)s THEN 'due_soon'
                    ELSE 'on_time' END""",
            state=state,
            open=OPEN_STATES,
            deadline=deadline,
            today=today,
            soon=today + timedelta(days=DUE_SOON_DAYS),
        )

    # the review activity carries the deadline to the responsible

    def _schedule_review_activity(self):
        activity_type = self.env.ref("revlog_returns.mail_activity_type_return_review", raise_if_not_found=False)
        if not activity_type or not self:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._("Review and approve %(name)s", name=record.name),
                    "user_id": record.user_id.id or self.env.uid,
                    "date_deadline": record.date_deadline or fields.Date.context_today(self),
                }
                for record in self
            ]
        )

    def _close_review_activity(self):
        """The decision is in the chatter already (state tracking): the review activity just goes."""
        activity_type = self.env.ref("revlog_returns.mail_activity_type_return_review", raise_if_not_found=False)
        if activity_type and self:
            self.env["mail.activity"].sudo().search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            ).unlink()
