import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# records processed per chunk: each chunk commits on its own (Odoo's scheduler commits between calls)
CHUNK_SIZE = 100


class RevlogMassAction(models.Model):
    """A mass action a user started on a large selection, run in the background by Odoo's scheduler in chunks
    that each commit on their own, as the user who started it. A record the action refuses (a user error) is
    skipped, flagged on its return with the error and listed here; the others go on. A chunk that fails to
    serialise is rolled back and run again: what was committed is never done twice, nothing is lost."""

    _name = "revlog.mass.action"
    _description = "Returns Background Action"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True, default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    res_model = fields.Char(required=True, readonly=True)
    method = fields.Char(required=True, readonly=True)
    todo_ids = fields.Text(readonly=True, default="[]", help="Records still to process (JSON list of ids).")
    total_count = fields.Integer(readonly=True)
    done_count = fields.Integer(readonly=True)
    failed_count = fields.Integer(readonly=True)
    progress = fields.Float(compute="_compute_progress", help="Share of the records processed.")
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done")], default="queued", readonly=True
    )
    error_log = fields.Text(readonly=True, help="The records the action refused, with why.")
    date_done = fields.Datetime(readonly=True)

    @api.depends("total_count", "done_count", "failed_count")
    def _compute_progress(self):
        for job in self:
            processed = job.done_count + job.failed_count
            job.progress = 100.0 * processed / job.total_count if job.total_count else 100.0

    # starting

    @api.model
    def _mass_methods(self):
        """{(model, method): label} of the actions that may run in the background; each addon adds its own."""
        return {
            ("revlog.return", "action_approve"): self.env._("Approve"),
            ("revlog.inspection", "action_done"): self.env._("Complete inspections"),
        }

    @api.model
    def _start(self, records, method):
        """Run ``method`` on ``records`` now when the selection is small, else queue it: returns the action the
        web client shows (the method's own for a run now, a notification for a queued one)."""
        label = self._mass_methods().get((records._name, method))
        if not label:
            raise UserError(self.env._("%(method)s cannot run in the background.", method=method))
        threshold = self.env.company.revlog_background_threshold
        if not threshold or len(records) <= threshold:
            # at once, as in the background: what the action accepts is done, each refused record is flagged
            result, failures = self._run_keeping_the_good(records, method)
            if failures:
                self._flag_failures(failures, label)
                return self._refusals_notification(label, len(records) - len(failures), failures)
            return result if isinstance(result, dict) else False
        # what the user may do is checked now, as for a run at once; each chunk runs with the user's rights
        records.check_access("read")
        job = self.sudo().create(
            {
                "name": self.env._("%(label)s: %(count)s records", label=label, count=len(records)),
                "res_model": records._name,
                "method": method,
                "todo_ids": json.dumps(records.ids),
                "total_count": len(records),
            }
        )
        self.env.ref("revlog_returns.ir_cron_revlog_mass_actions")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "sticky": False,
                "message": self.env._(
                    "%(name)s run in the background; you will be notified when they are done (Returns > "
                    "Reporting > Background Actions shows the progress).",
                    name=job.name,
                ),
            },
        }

    # running (the scheduler)

    @api.model
    def _cron_process(self):
        """One chunk of the oldest unfinished action, then tell the scheduler how much is left: it commits and
        calls again until nothing is."""
        # the jobs are the scheduler's to update; each chunk runs with the rights of the user who started it
        jobs = self.sudo()
        job = jobs.search([("state", "in", ("queued", "running"))], order="id", limit=1)
        if not job:
            return
        processed = job._process_chunk()
        remaining = sum(len(json.loads(j.todo_ids or "[]")) for j in jobs.search([("state", "!=", "done")]))
        self.env["ir.cron"]._notify_progress(done=processed, remaining=remaining)

    def _process_chunk(self):
        self.ensure_one()
        todo = json.loads(self.todo_ids or "[]")
        chunk, rest = todo[:CHUNK_SIZE], todo[CHUNK_SIZE:]
        Model = self.env[self.res_model].with_user(self.user_id).with_company(self.company_id)
        records = Model.browse(chunk).exists()
        __, failures = self._run_keeping_the_good(records, self.method)
        self._flag_failures(failures, self.name)
        vals = {
            "todo_ids": json.dumps(rest),
            "done_count": self.done_count + len(records) - len(failures),
            "failed_count": self.failed_count + len(failures) + len(chunk) - len(records),
            "state": "running" if rest else "done",
        }
        if failures:
            vals["error_log"] = "\n".join(
                filter(None, [self.error_log, *(f"{record.display_name}: {msg}" for record, msg in failures.items())])
            )
        if not rest:
            vals["date_done"] = fields.Datetime.now()
        self.write(vals)
        if not rest:
            self._notify_done()
        return len(chunk)

    @api.model
    def _run_keeping_the_good(self, records, method):
        """Run ``method`` on ``records``; when one of them refuses, run them one by one so the others are done.
        Returns the method's result and {record: error} of the refused."""
        try:
            with self.env.cr.savepoint():
                return getattr(records, method)(), {}
        except (UserError, ValidationError, AccessError):
            failures = {}
            for record in records:
                try:
                    with self.env.cr.savepoint():
                        getattr(record, method)()
                except (UserError, ValidationError, AccessError) as error:
                    failures[record] = str(error)
            return False, failures

    @api.model
    def _refusals_notification(self, label, done, failures):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._(
                    "%(label)s: %(done)s done, %(failed)s refused", label=label, done=done, failed=len(failures)
                ),
                "message": "\n".join(f"{record.display_name}: {error}" for record, error in failures.items()),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _flag_failures(self, failures, action_name):
        """The returns the action refused are flagged for review with the error (an inspection's on its return)."""
        for record, message in failures.items():
            ret = record if record._name == "revlog.return" else record.return_id
            ret = ret.sudo()
            note = self.env._("%(action)s refused: %(error)s", action=action_name, error=message)
            ret.write({"to_review": True, "review_note": "\n".join(filter(None, [ret.review_note, note]))})

    def _notify_done(self):
        self.ensure_one()
        self.user_id.partner_id._bus_send(
            "simple_notification",
            {
                "type": "warning" if self.failed_count else "success",
                "title": self.env._("Background action done"),
                "message": self.env._(
                    "%(name)s: %(done)s done, %(failed)s refused (flagged for review).",
                    name=self.name,
                    done=self.done_count,
                    failed=self.failed_count,
                ),
                "sticky": bool(self.failed_count),
            },
        )
