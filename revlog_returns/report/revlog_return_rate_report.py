from odoo import fields, models, tools


class RevlogReturnRateReport(models.Model):
    """Units delivered and units returned, as rows of one table, so that the return rate (returned / delivered)
    reads by product, category, customer, reason and period: delivered rows are the done deliveries of order
    lines, returned rows the lines of live returns (in the product's unit both)."""

    _name = "revlog.return.rate.report"
    _description = "Return Rate Analysis"
    _auto = False
    _order = "date desc"

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    reason_id = fields.Many2one("revlog.return.reason", string="Reason", readonly=True)
    qty_delivered = fields.Float(string="Delivered", readonly=True, digits="Product Unit of Measure")
    qty_returned = fields.Float(string="Returned", readonly=True, digits="Product Unit of Measure")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE VIEW {self._table} AS (
                SELECT ROW_NUMBER() OVER (ORDER BY rows.kind, rows.source_id) AS id, rows.*
                  FROM (
                    SELECT 'delivered' AS kind,
                           sm.id AS source_id,
                           sm.date::date AS date,
                           sm.company_id,
                           sm.product_id,
                           pt.categ_id AS product_categ_id,
                           COALESCE(partner.commercial_partner_id, partner.id) AS partner_id,
                           NULL::integer AS reason_id,
                           sm.product_qty AS qty_delivered,
                           0.0 AS qty_returned
                      FROM stock_move sm
                      JOIN stock_location dest ON dest.id = sm.location_dest_id AND dest.usage = 'customer'
                      JOIN sale_order_line sol ON sol.id = sm.sale_line_id
                      JOIN sale_order so ON so.id = sol.order_id
                      JOIN res_partner partner ON partner.id = so.partner_id
                      JOIN product_product pp ON pp.id = sm.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE sm.state = 'done' AND sm.origin_returned_move_id IS NULL
                    UNION ALL
                    SELECT 'returned',
                           rl.id,
                           rl.date_request,
                           rl.company_id,
                           rl.product_id,
                           rl.product_categ_id,
                           COALESCE(partner.commercial_partner_id, partner.id),
                           rl.reason_id,
                           0.0,
                           rl.quantity * COALESCE(product_uom.factor / NULLIF(line_uom.factor, 0), 1.0)
                      FROM revlog_return_line rl
                      JOIN res_partner partner ON partner.id = rl.partner_id
                      JOIN product_product pp ON pp.id = rl.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      LEFT JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
                      LEFT JOIN uom_uom line_uom ON line_uom.id = rl.product_uom_id
                     WHERE rl.state NOT IN ('cancelled', 'rejected') AND rl.sale_line_id IS NOT NULL
                  ) rows
            )
        """)
