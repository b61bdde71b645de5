from . import (
    account_chart_template,
    account_move,
    account_move_line,
    res_company,
    res_config_settings,
    revlog_dashboard,
    revlog_return,
    revlog_return_line,
    sale_order_line,
    stock_location,
    stock_move,
    stock_scrap,
)
