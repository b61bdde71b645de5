from . import (
    revlog_policy_dry_run,
    revlog_policy_dry_run_line,
    revlog_return_create_wizard,
    revlog_return_create_wizard_line,
    revlog_return_date_wizard,
    revlog_return_decision_wizard,
)
