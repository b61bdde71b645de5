from . import revlog_recovery_report
