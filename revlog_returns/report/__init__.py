from . import revlog_return_rate_report
