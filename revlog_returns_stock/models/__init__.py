from . import (
    res_company,
    res_config_settings,
    revlog_disposition_rule,
    revlog_inspection,
    revlog_return,
    revlog_return_line,
    sale_order_line,
    stock_move,
    stock_picking,
    stock_picking_type,
    stock_scrap,
    stock_warehouse,
)
