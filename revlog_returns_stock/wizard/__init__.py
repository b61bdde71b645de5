from . import stock_return_picking_line
