import math

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# beyond this a quantity or an amount is a typing error (and would overflow Odoo's rounding)
LARGEST_NUMBER = 1e12


class RevlogWorkflowMixin(models.AbstractModel):
    """Fields the returns workflow decides (states, verdicts, grades, refund percents, dispositions, flow
    dates) are written by its own methods only, which write them as the system after checking the caller's
    rights. Whatever a caller sends through a form, an import or RPC, it cannot forge them: only the
    superuser environment writes them directly. Values are checked too: text without the NUL character
    PostgreSQL cannot store, finite numbers, real dates; each refused with a message, never a traceback."""

    _name = "revlog.workflow.mixin"
    _description = "Returns Workflow Guard"

    def _revlog_workflow_fields(self):
        """Names of the fields only the workflow writes."""
        return set()

    def _revlog_check_vals(self, vals_list):
        for vals in vals_list:
            for name, value in vals.items():
                problem = self._revlog_value_problem(name, value)
                if problem:
                    raise UserError(
                        self.env._(
                            "%(model)s: %(field)s %(problem)s",
                            model=self._description,
                            field=self._revlog_field_label(name),
                            problem=problem,
                        )
                    )
        self._revlog_check_forged(vals_list)

    def _revlog_check_forged(self, vals_list):
        """Refuse workflow fields in ``vals_list`` unless written as the system."""
        if self.env.su:
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

    def _revlog_value_problem(self, name, value):
        field_type = self._fields[name].type if name in self._fields else None
        if isinstance(value, str) and "\x00" in value:
            return self.env._("contains a NUL character; remove it and save again.")
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if (
            field_type in ("float", "monetary", "integer")
            and is_number
            and (not math.isfinite(value) or abs(value) > LARGEST_NUMBER)
        ):
            return self.env._("%(value)s is not a usable number.", value=value)
        if field_type in ("date", "datetime") and isinstance(value, str) and value:
            try:
                self._fields[name].to_date(value) if field_type == "date" else fields.Datetime.to_datetime(value)
            except ValueError:
                return self.env._("%(value)s is not a date (YYYY-MM-DD).", value=value)
        return False

    def _revlog_field_label(self, name):
        field = self._fields.get(name)
        return field.get_description(self.env)["string"] if field else name

    def _revlog_touch(self, records):
        """Lock ``records`` (of any model) the way a write would, without changing them. Odoo runs each
        request in a REPEATABLE READ snapshot: two requests checking "is there already one?" would both see
        "no". Once both touch the same rows, the second waits for the first, then fails to serialise; Odoo
        retries it in a new snapshot, which sees the first one's work. Used where a duplicate would cost
        money or records: numbering, per-customer limits, grading, receipts, credit notes."""
        if records.ids:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = write_date WHERE id IN %s",
                    SQL.identifier(records._table),
                    tuple(sorted(records.ids)),
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
