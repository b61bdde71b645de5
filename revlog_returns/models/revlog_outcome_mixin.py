from odoo import api, fields, models

SECONDS_PER_DAY = 86400.0


def days_between(start, end):
    return round((end - start).total_seconds() / SECONDS_PER_DAY, 2) if start and end else 0.0


class RevlogOutcomeMixin(models.AbstractModel):
    """What a return achieved, measured from its own dates: how fast it moved from request to release, whether
    it closed within its deadline, and whether what arrived is what was approved. Every measure is stored, so
    that lists, pivots and the dashboard group and sum them in SQL; a step not reached yet measures 0 and its
    ``*_on`` date is empty (filter on the date to average a step)."""

    _name = "revlog.outcome.mixin"
    _description = "Return Outcome Measures"

    date_received = fields.Datetime(string="Received on", readonly=True, copy=False, index=True)
    date_graded = fields.Datetime(string="Graded on", readonly=True, copy=False)
    date_released = fields.Datetime(
        string="Released on",
        readonly=True,
        copy=False,
        index=True,
        help="When its last unit reached where it goes (or, nothing coming back, when it closed).",
    )
    days_to_approve = fields.Float(
        string="Days to Approve", compute="_compute_outcome_days", store=True, aggregator="avg", digits=(16, 2)
    )
    days_to_receive = fields.Float(
        string="Days to Receive", compute="_compute_outcome_days", store=True, aggregator="avg", digits=(16, 2)
    )
    days_to_grade = fields.Float(
        string="Days to Grade", compute="_compute_outcome_days", store=True, aggregator="avg", digits=(16, 2)
    )
    days_to_release = fields.Float(
        string="Days to Release",
        compute="_compute_outcome_days",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="From the request to the release of its last unit.",
    )
    sla_met = fields.Boolean(
        string="Closed in SLA",
        compute="_compute_sla_met",
        store=True,
        help="Released on or before its deadline (in the company's days).",
    )
    released_count = fields.Integer(compute="_compute_sla_met", store=True, string="Released")
    sla_met_count = fields.Integer(compute="_compute_sla_met", store=True, string="Released in SLA")
    accuracy_ok = fields.Boolean(
        string="Received as Approved",
        compute="_compute_accuracy_ok",
        store=True,
        help="Every line arrived in the quantity approved, with the lots/serials delivered.",
    )

    @api.depends("create_date", "date_approved", "date_received", "date_graded", "date_released")
    def _compute_outcome_days(self):
        for ret in self:
            start = ret.create_date
            ret.days_to_approve = days_between(start, ret.date_approved)
            ret.days_to_receive = days_between(start, ret.date_received)
            ret.days_to_grade = days_between(start, ret.date_graded)
            ret.days_to_release = days_between(start, ret.date_released)

    @api.depends("date_released", "date_deadline", "company_id")
    def _compute_sla_met(self):
        for ret in self:
            released_on = ret.company_id._revlog_local_date(ret.date_released)
            ret.sla_met = bool(released_on and ret.date_deadline and released_on <= ret.date_deadline)
            ret.released_count = 1 if released_on else 0
            ret.sla_met_count = 1 if ret.sla_met else 0

    @api.depends("line_ids.qty_approved", "line_ids.quantity", "date_received")
    def _compute_accuracy_ok(self):
        # without the stock addon nothing is counted on arrival: what was approved is what is received
        for ret in self:
            ret.accuracy_ok = bool(ret.date_received)

    def _action_done(self):
        """Close returns: done, released now."""
        self.sudo().write({"state": "done", "date_released": fields.Datetime.now()})
