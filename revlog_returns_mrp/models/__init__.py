from . import account_move, account_move_line, revlog_return_line, sale_order_line, stock_move
