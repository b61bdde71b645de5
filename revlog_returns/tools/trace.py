"""Trace messages kept as data, rendered in each reader's language.

A policy rule words what it checked as a lazy message (``_lt("window %(days)s d: …", days=30, …)``).
:func:`dump` keeps its English source, its addon and its arguments as JSON, so that a trace written while a
French customer asked on the portal reads in English to the clerk and in German to a German manager:
:func:`render` looks the source up in the reader's translations and formats the arguments, dates in the
reader's format.
"""

from datetime import date

from odoo.tools import format_date
from odoo.tools.translate import LazyGettext, get_translation


class SelectionValue:
    """A selection field's value, shown as its label in the reader's language (an order's state)."""

    __slots__ = ("field", "model", "value")

    def __init__(self, model, field, value):
        self.model, self.field, self.value = model, field, value


def dump(value):
    """The JSON form of a message, a date, a selection value or a plain value."""
    if isinstance(value, LazyGettext):
        assert isinstance(value._args, dict), "trace messages take named arguments"
        return {
            "msg": value._source,
            "module": value._module,
            "args": {key: dump(arg) for key, arg in value._args.items()},
        }
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, SelectionValue):
        return {"selection": [value.model, value.field, value.value]}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"a trace cannot keep {value!r}")


def render(env, data, date_format=False):
    """``data`` (from :func:`dump`) as ``env``'s reader reads it; ``date_format`` (e.g. ``yyyy-MM-dd``) fixes
    how dates print, else the reader's language does."""
    if not isinstance(data, dict):
        return data
    if "msg" in data:
        args = {key: render(env, arg, date_format) for key, arg in data["args"].items()}
        return get_translation(data["module"], env.lang or "en_US", data["msg"], args)
    if "date" in data:
        return format_date(env, data["date"], date_format=date_format)
    if "selection" in data:
        model, field, value = data["selection"]
        return dict(env[model]._fields[field]._description_selection(env)).get(value, value)
    raise ValueError(f"not a trace message: {data!r}")
