from markupsafe import Markup

from odoo import models

from ..tools.trace import render


class RevlogPolicyEngine(models.AbstractModel):
    """The stored checks as people read them: a table, a text trace, a refusal message, each in the reader's
    language (see ``tools/trace.py``)."""

    _inherit = "revlog.policy.engine"

    # the trace as people read it

    def _trace_rows(self, checks):
        """[(rule, values, refused)] of stored checks in the reader's language, refused rules first, dates in
        the reader's format."""
        rows = []
        for check in checks or ():
            rule, __, values = render(self.env, check["text"]).partition(": ")
            rows.append((rule.strip(), values, not check["ok"]))
        return sorted(rows, key=lambda row: not row[2])

    def _trace_text(self, checks):
        """The checks as the contract's text trace: one line ``rule: values: verdict`` per check, dates ISO."""
        verdicts = {True: self.env._("ok"), False: self.env._("refused")}
        return "\n".join(
            f"{render(self.env, check['text'], 'yyyy-MM-dd')}: {verdicts[check['ok']]}" for check in checks or ()
        )

    def _refused_text(self, checks, verdict=True):
        """The refused checks on one line, in the reader's language, dates in the reader's format."""
        suffix = f": {self.env._('refused')}" if verdict else ""
        return "; ".join(
            (f"{rule}: {values}" if values else rule) + suffix
            for rule, values, refused in self._trace_rows(checks)
            if refused
        )

    def _trace_html(self, checks):
        rows = self._trace_rows(checks)
        if not rows:
            return False
        body = Markup("").join(
            Markup('<tr class="%s"><td>%s</td><td>%s</td><td>%s</td></tr>')
            % (
                "table-danger fw-bold" if refused else "",
                rule,
                values,
                self.env._("refused") if refused else self.env._("ok"),
            )
            for rule, values, refused in rows
        )
        return Markup(
            '<table class="table table-sm o_revlog_trace mb-0"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr>'
            "</thead><tbody>%s</tbody></table>"
        ) % (self.env._("Rule"), self.env._("Values"), self.env._("Verdict"), body)
