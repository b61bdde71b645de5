import math

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

# beyond this a quantity or an amount is a typing error (and would overflow Odoo's rounding)
LARGEST_NUMBER = 1e12
# PostgreSQL's integer column
LARGEST_INTEGER = 2**31 - 1


class RevlogInputMixin(models.AbstractModel):
    """Values are checked before they reach the database or a computation: text without the NUL character
    PostgreSQL cannot store, finite numbers a column holds (never a boolean read as 1), real dates. Each refusal
    names the record, the field and the value: a message, never a traceback nor a silently stored NaN."""

    _name = "revlog.input.mixin"
    _description = "Returns: Input Checks"

    @api.model_create_multi
    def create(self, vals_list):
        self._revlog_check_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._revlog_check_values([vals])
        return super().write(vals)

    def _revlog_check_values(self, vals_list):
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if field is not None and field.type in ("one2many", "many2many"):
                    # lines sent with their parent (Command.create / update) are read before their own create
                    self._revlog_check_line_commands(field, value)
                    continue
                problem = self._revlog_value_problem(name, value)
                if problem:
                    raise ValidationError(
                        self.env._(
                            "%(model)s%(records)s: %(field)s %(problem)s",
                            model=self._description,
                            records=self._revlog_records_label(),
                            field=self._revlog_field_label(name),
                            problem=problem,
                        )
                    )

    def _revlog_check_line_commands(self, field, commands):
        Lines = self.env[field.comodel_name]
        if not isinstance(Lines, RevlogInputMixin) or not isinstance(commands, (list, tuple)):
            return
        Lines._revlog_check_values(
            [
                command[2]
                for command in commands
                if isinstance(command, (list, tuple))
                and len(command) == 3
                and command[0] in (Command.CREATE, Command.UPDATE)
                and isinstance(command[2], dict)
            ]
        )

    def _revlog_records_label(self):
        """The records' names after a space; nothing for unsaved or nameless records (a wizard's lines)."""
        names = [record.display_name for record in self if record.display_name != f"{record._name},{record.id}"]
        return " " + ", ".join(names) if names else ""

    def _revlog_value_problem(self, name, value):
        field = self._fields.get(name)
        if field is None or value is None or value is False:
            return False
        if isinstance(value, str) and "\x00" in value:
            return self.env._("contains a NUL character; remove it and save again.")
        if field.type in ("float", "monetary", "integer"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return self.env._("%(value)r is not a number.", value=value)
            largest = LARGEST_INTEGER if field.type == "integer" else LARGEST_NUMBER
            if not math.isfinite(value) or abs(value) > largest:
                return self.env._(
                    "%(value)s is not a usable number (at most %(largest)s).", value=value, largest=largest
                )
        if field.type in ("date", "datetime") and isinstance(value, str):
            try:
                field.to_date(value) if field.type == "date" else fields.Datetime.to_datetime(value)
            except ValueError:
                return self.env._("%(value)s is not a date (YYYY-MM-DD).", value=value)
        return False

    def _revlog_field_label(self, name):
        field = self._fields.get(name)
        return field.get_description(self.env)["string"] if field else name
