from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Returns received before the outcome measures existed are dated by their receipts."""
    cr.execute(
        """
        UPDATE revlog_return ret
           SET date_received = received.done
          FROM (SELECT revlog_return_id AS id, MAX(date_done) AS done
                  FROM stock_picking
                 WHERE revlog_role = 'receipt' AND state = 'done'
              GROUP BY revlog_return_id) received
         WHERE received.id = ret.id
        """
    )
    # the measures that depend on these dates follow them
    env = api.Environment(cr, SUPERUSER_ID, {})
    returns = env["revlog.return"].search([])
    returns.invalidate_recordset(["date_received"])
    returns.modified(["date_received"])
    env.flush_all()
