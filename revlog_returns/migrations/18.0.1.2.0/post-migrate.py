from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Returns processed before the outcome measures existed: their approved quantity is what the line asks for,
    and their steps are dated by their last change (the stock addon dates receipts from the receipts)."""
    cr.execute("UPDATE revlog_return_line SET qty_approved = quantity WHERE qty_approved IS NULL OR qty_approved = 0")
    cr.execute(
        """
        UPDATE revlog_return
           SET date_received = COALESCE(date_received, write_date)
         WHERE state IN ('received', 'inspected', 'done') AND date_received IS NULL
        """
    )
    cr.execute(
        """
        UPDATE revlog_return
           SET date_graded = COALESCE(date_graded, write_date)
         WHERE state IN ('inspected', 'done') AND date_graded IS NULL
        """
    )
    cr.execute("UPDATE revlog_return SET date_released = write_date WHERE state = 'done' AND date_released IS NULL")
    # the measures that depend on these dates follow them
    env = api.Environment(cr, SUPERUSER_ID, {})
    returns = env["revlog.return"].search([])
    returns.invalidate_recordset(["date_received", "date_graded", "date_released"])
    returns.modified(["date_received", "date_graded", "date_released"])
    returns.line_ids.invalidate_recordset(["qty_approved"])
    returns.line_ids.modified(["qty_approved"])
    env.flush_all()
