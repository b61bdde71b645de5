from collections import defaultdict
from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date


class RevlogReturn(models.Model):
    """The workflow of a return: the buttons a user clicks, and the transitions the stock and account addons
    extend (each calls ``super()``)."""

    _inherit = "revlog.return"

    # actions

    def action_approve(self):
        """Approve draft returns; the policy must accept them (see the trace). Already approved returns
        are left as they are, so a double click or a retry does nothing twice."""
        self.check_access("write")
        to_approve = self._filter_for_transition("approved", {"draft"})
        if not to_approve:
            return True
        to_approve._lock_customers_with_limits()
        to_approve._check_eligibility()
        refused = to_approve.filtered(lambda r: not r.eligibility_ok)
        if refused:
            raise UserError(self.env["revlog.policy.engine"]._refusal_message(refused))
        to_approve._action_approve()
        return True

    def action_approve_override(self, reason):
        """Approve despite failed eligibility: returns managers only, with a written reason."""
        if not self._is_returns_manager():
            raise AccessError(self.env._("Only a returns manager can approve a return the policy refuses."))
        self.check_access("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Write why you approve %(names)s against the policy.",
                    names=", ".join(self.mapped("name")),
                )
            )
        to_approve = self._filter_for_transition("approved", {"draft"})
        to_approve._lock_customers_with_limits()
        to_approve._check_eligibility()
        engine = self.env["revlog.policy.engine"]
        for ret in to_approve:
            ret.message_post(
                body=self.env._(
                    "Approved by %(user)s against the policy. Reason: %(reason)s\nRules overridden:\n%(rules)s",
                    user=self.env.user.name,
                    reason=reason,
                    rules=engine._refused_text(ret.eligibility_checks) or self.env._("none"),
                )
            )
        to_approve._revlog_as_workflow().override_reason = reason
        to_approve._action_approve()
        return True

    def action_reject(self, reason):
        self.check_access("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Write why %(names)s is rejected: the customer will read it.",
                    names=", ".join(self.mapped("name")),
                )
            )
        to_reject = self._filter_for_transition("rejected", self._rejectable_states())
        to_reject._before_reject()
        to_reject._revlog_as_workflow().write({"state": "rejected", "reject_reason": reason})
        to_reject._close_review_activity()
        for ret in to_reject:
            ret.message_post(body=self.env._("Rejected: %(reason)s", reason=reason))
        to_reject._revlog_notify_customer("rejected")
        return True

    def action_cancel(self):
        self.check_access("write")
        to_cancel = self._filter_for_transition("cancelled", {"draft", "approved"})
        to_cancel._before_stop()
        to_cancel._revlog_as_workflow().state = "cancelled"
        to_cancel._close_review_activity()
        return True

    def action_reset_draft(self):
        self.check_access("write")
        to_reset = self._filter_for_transition("draft", {"rejected", "cancelled"})
        # back in the count of returned quantities: the lines must fit again
        self.env["revlog.return.line"]._check_fits_deliveries(reviving=to_reset.line_ids)
        to_reset._revlog_as_workflow().write(
            {"state": "draft", "reject_reason": False, "override_reason": False, "date_approved": False}
        )
        to_reset._check_eligibility()
        to_reset._schedule_review_activity()
        return True

    def action_receive(self):
        """Mark approved returns as received (the stock addon does this when the receipt is validated)."""
        self.check_access("write")
        self._filter_for_transition("received", {"approved"})._action_receive()
        return True

    def action_check_eligibility(self):
        self._check_eligibility()
        return True

    def action_open_date_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "revlog.return.date.wizard",
            "name": self.env._("Change the Request Date"),
            "view_mode": "form",
            "target": "new",
            "context": {"default_return_ids": self.ids, "default_date_request": self[:1].date_request},
        }

    def _change_date_request(self, new_date, reason):
        """Move the request date (checked by the date wizard), logged with its reason; eligibility follows."""
        for ret in self:
            ret.message_post(
                body=self.env._(
                    "Request date changed from %(old)s to %(new)s by %(user)s. Reason: %(reason)s",
                    old=format_date(self.env, ret.date_request),
                    new=format_date(self.env, new_date),
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        self._revlog_as_workflow().date_request = new_date
        self._check_eligibility()

    def action_open_override_wizard(self):
        return self._open_decision_wizard("approve_override")

    def action_open_reject_wizard(self):
        return self._open_decision_wizard("reject")

    def _open_decision_wizard(self, decision):
        titles = {
            "approve_override": self.env._("Approve against the Policy"),
            "reject": self.env._("Reject the Return"),
        }
        return {
            "type": "ir.actions.act_window",
            "name": titles[decision],
            "res_model": "revlog.return.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_return_ids": self.ids, "default_decision": decision},
        }

    def action_view_sale_order(self):
        self.ensure_one()
        return self.sale_order_id.get_formview_action() if self.sale_order_id else False

    def action_view_inspections(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("revlog_returns.revlog_inspection_action")
        action["domain"] = [("return_id", "in", self.ids)]
        action["context"] = {"create": False}
        return action

    # engine

    def _check_eligibility(self):
        """Re-evaluate the policy rules now; returns the trace (a dict by return for several returns)."""
        # deliveries and other returns may have changed since the quantities were last computed
        self.line_ids.invalidate_recordset(["qty_delivered", "qty_returned_before", "qty_returnable"])
        self.env.add_to_compute(self._fields["eligibility_ok"], self)
        self.env.add_to_compute(self._fields["eligibility_checks"], self)
        self._recompute_recordset(["eligibility_ok", "eligibility_checks"])
        # recomputed on demand, not modified: their readings follow by hand
        self.invalidate_recordset(["eligibility_trace", "eligibility_html"])
        if len(self) == 1:
            return self.eligibility_trace
        return {ret.id: ret.eligibility_trace for ret in self}

    def _auto_approve(self):
        """Approve at once the eligible drafts whose policy auto-approves them, within its amount."""
        candidates = (
            self.env["revlog.policy.engine"]
            ._auto_approvable(self)
            .filtered(lambda r: all(line.reason_id for line in r.line_ids))
        )
        if candidates:
            candidates._action_approve()
            for ret in candidates:
                ret.message_post(
                    body=self.env._("Approved automatically by policy %(policy)s.", policy=ret.policy_id.display_name)
                )
        return candidates

    # transitions (extension points for the stock and account addons)

    def _filter_for_transition(self, target, allowed):
        """The returns of ``self`` that can move to ``target``; those already there are skipped (a retry
        is harmless), any other state is an error naming the returns."""
        wrong = self.filtered(lambda r: r.state not in allowed and r.state != target)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            # each return with its own state: a mixed selection says which is which
            raise UserError(
                self.env._(
                    "%(returns)s cannot become %(target)s from there.",
                    returns=", ".join(f"{ret.name} ({labels[ret.state]})" for ret in wrong),
                    target=labels[target],
                )
            )
        return self.filtered(lambda r: r.state in allowed)

    def _check_state(self, allowed, doing):
        wrong = self.filtered(lambda r: r.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "You cannot %(doing)s %(names)s in this state.",
                    doing=doing,
                    names=", ".join(wrong.mapped("name")),
                )
            )

    def _action_approve(self):
        self._check_reasons()
        self._lock_for_update()
        # approving is the clerk's own step: the clerk writes it (a portal request is approved by the system)
        self._revlog_as_workflow().write({"state": "approved", "date_approved": fields.Datetime.now()})
        self.line_ids._record_approved_quantities()
        self._close_review_activity()
        self._set_exchange_deadlines()
        kept = self._close_without_goods()
        # the approval mail carries the slip for the parcel: none when the customer keeps everything
        (self - kept)._revlog_notify_customer("approved")

    def _check_reasons(self):
        """Every line says why it comes back before its return is approved: the reason decides the fee, the
        inspection and the route."""
        missing = self.filtered(lambda r: any(not line.reason_id for line in r.line_ids))
        if missing:
            labels = [
                "{} ({})".format(
                    ret.name,
                    ", ".join(ret.line_ids.filtered(lambda ln: not ln.reason_id).product_id.mapped("display_name")),
                )
                for ret in missing
            ]
            raise UserError(
                self.env._(
                    "%(returns)s: give each line its reason before approving (rule: a return is approved with the "
                    "reason of every line).",
                    returns=", ".join(labels),
                )
            )

    def _set_exchange_deadlines(self):
        """Advance exchanges: the unit must be back within the policy's days, or the replacement is invoiced."""
        by_days = defaultdict(lambda: self.env["revlog.return.line"])
        for line in self.line_ids.filtered(
            lambda ln: ln.resolution == "exchange" and (ln.policy_id or ln.return_id.policy_id).advance_exchange
        ):
            by_days[(line.policy_id or line.return_id.policy_id).advance_exchange_days] |= line
        for days, lines in by_days.items():
            # days of the company's calendar, as the return window
            for company in lines.company_id:
                lines.filtered(lambda ln, c=company: ln.company_id == c)._revlog_as_workflow().exchange_deadline = (
                    company._revlog_today() + timedelta(days=days)
                )

    def _close_without_goods(self):
        """A return whose every line is refunded without sending the unit back has nothing to receive, grade or
        move: it is done once approved (its credit notes follow the approval)."""
        closing = self.filtered(lambda r: r.line_ids and not any(line._needs_receipt() for line in r.line_ids))
        if closing:
            closing._action_done()
            for ret in closing:
                ret.message_post(body=self.env._("Refunded without return: the customer keeps the items."))
        return closing

    def _action_receive(self):
        # warehouse staff receive returns without any returns rights: the system records it
        self.sudo().write({"state": "received", "date_received": fields.Datetime.now()})
        self._revlog_notify_customer("received")
        self.line_ids._route_without_grading()
        self.line_ids._grade_without_inspection()
        self._on_lines_graded()

    def _lines_to_grade(self):
        """The lines inspection decides: units that came back to become the company's again (lines closed
        with nothing received have nothing to grade)."""
        return self.line_ids.filtered(lambda ln: ln.quantity and ln._needs_grading())

    def _on_lines_graded(self):
        """Returns whose every line to grade is graded become inspected."""
        graded = self.filtered(
            lambda r: (
                r.state == "received"
                and r.line_ids.filtered(lambda ln: ln.quantity and ln._needs_receipt())
                and all(line.grade_id for line in r._lines_to_grade())
            )
        )
        if graded:
            graded._action_inspected()
        return graded

    def _action_inspected(self):
        self.sudo().write({"state": "inspected", "date_graded": fields.Datetime.now()})

    def action_close(self):
        """Close inspected returns whose work is complete (the stock addon closes them by itself once
        their dispositions are done)."""
        self.check_access("write")
        to_close = self._filter_for_transition("done", {"inspected"})
        incomplete = to_close.filtered(lambda r: not r._is_complete())
        if incomplete:
            raise UserError(
                self.env._(
                    "%(names)s still have work open (dispositions or credit notes).",
                    names=", ".join(incomplete.mapped("name")),
                )
            )
        to_close._action_done()
        return True

    def _try_close(self):
        """Move the returns whose work is complete to done."""
        done = self.filtered(lambda r: r.state == "inspected" and r._is_complete())
        done._action_done()
        return done

    def _is_complete(self):
        """Whether nothing is left to do on this return once inspected (stock/account add conditions)."""
        self.ensure_one()
        return True

    def _before_stop(self):
        """Hook before a return is rejected or cancelled (the stock addon cancels open pickings)."""

    def _rejectable_states(self):
        """The states a return may be rejected from (the stock addon adds those after receipt)."""
        return {"draft", "approved"}

    def _before_reject(self):
        """Hook before a return is rejected: as before any stop (the stock addon sends received units back)."""
        self._before_stop()

    def _lock_for_update(self):
        """Serialise concurrent work on the same returns (approvals, inspections finishing together, credit
        notes): the later transaction is retried by Odoo and sees what the first one left."""
        self._revlog_touch(self)

    def _lock_customers_with_limits(self):
        """Two returns of one customer judged at once must not both pass ``max_returns_per_partner``, each
        blind to the other: touching the customer serialises them."""
        self._revlog_touch(self.filtered(lambda r: r.policy_id.max_returns_per_partner).commercial_partner_id)
