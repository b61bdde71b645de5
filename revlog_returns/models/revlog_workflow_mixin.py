from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# The workflow's pass: a Python object in the context, which no request can send (JSON-RPC carries JSON only),
# so that no caller can pass off its own write as the workflow's.
WORKFLOW_PASS = object()


class RevlogWorkflowMixin(models.AbstractModel):
    """Fields the returns workflow decides (states, verdicts, grades, refund percents, dispositions, flow
    dates) are written by its own methods only. Whatever a caller sends through a form, an import or RPC, it
    cannot forge them. A workflow method writes them as the acting user (``_revlog_as_workflow``: its name on
    the record, its record rules) when the step is that user's own, and as the system only where a role
    crosses into another app's records (warehouse staff receiving a return, say). Values are checked too
    (``revlog.input.mixin``)."""

    _name = "revlog.workflow.mixin"
    _inherit = ["revlog.input.mixin"]
    _description = "Returns Workflow Guard"

    def _revlog_workflow_fields(self):
        """Names of the fields only the workflow writes."""
        return set()

    def _revlog_check_vals(self, vals_list):
        """Check the values first (the caller's own logic reads them), then refuse forged workflow fields."""
        self._revlog_check_values(vals_list)
        self._revlog_check_forged(vals_list)

    def _revlog_as_workflow(self):
        """These records as the workflow writes them: as the acting user, allowed to write workflow fields."""
        return self.with_context(revlog_workflow=WORKFLOW_PASS)

    def _revlog_check_forged(self, vals_list):
        """Refuse workflow fields in ``vals_list`` unless the workflow (or the system) writes them."""
        if self.env.su or self.env.context.get("revlog_workflow") is WORKFLOW_PASS:
            return
        forged = self._revlog_workflow_fields() & set().union(*vals_list)
        if forged:
            raise AccessError(
                self.env._(
                    "%(model)s %(records)s: %(fields)s are set by the returns workflow (its buttons), "
                    "never written directly.",
                    model=self._description,
                    records=", ".join(self.mapped("display_name")) or self.env._("(new)"),
                    fields=", ".join(sorted(self._revlog_field_label(name) for name in forged)),
                )
            )

    def _revlog_touch(self, records):
        """Lock ``records`` (of any model) the way a write would, without changing them. Odoo runs each
        request in a REPEATABLE READ snapshot: two requests checking "is there already one?" would both see
        "no". Once both touch the same rows, the second waits for the first, then fails to serialise; Odoo
        retries it in a new snapshot, which sees the first one's work. Used where a duplicate would cost
        money or records: numbering, per-customer limits, grading, receipts, order lines, credit notes.

        The rows are locked in id order (``FOR NO KEY UPDATE``: foreign keys to them stay free), so two
        requests touching overlapping rows queue instead of deadlocking; the no-op update then makes the row
        a new version, which is what makes the second request fail to serialise rather than read a stale
        snapshot."""
        if records.ids:
            table = SQL.identifier(records._table)
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = write_date WHERE id IN "
                    "(SELECT id FROM %s WHERE id IN %s ORDER BY id FOR NO KEY UPDATE)",
                    table,
                    table,
                    tuple(records.ids),
                )
            )

    def _revlog_check_unused(self, records, usages):
        """Refuse to delete configuration that history uses (``usages``: [(model, field)] pointing to it):
        deleting would blank or break the records that cite it. Archiving keeps them whole."""
        used = {}
        for model, field in usages:
            Model = self.env[model].sudo().with_context(active_test=False)
            for record, count in Model._read_group([(field, "in", records.ids)], [field], ["__count"]):
                for target in record & records:
                    used.setdefault(target, []).append(f"{count} × {Model._description}")
        if used:
            raise UserError(
                self.env._(
                    "%(records)s: in use, archive instead of deleting (archived, it stops applying to new work "
                    "and the history that cites it stays whole).",
                    records="; ".join(
                        self.env._("%(name)s (%(uses)s)", name=record.display_name, uses=", ".join(uses))
                        for record, uses in used.items()
                    ),
                )
            )
