from odoo import Command
from odoo.tests import Form, TransactionCase

from odoo.addons.revlog_returns.tests.common import InspectionTestMixin


class StockTestMixin(InspectionTestMixin):
    """Returns received through their receipts; a serial-tracked phone."""

    @classmethod
    def _setup_stock(cls):
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.env.user.groups_id += cls.env.ref("stock.group_production_lot")
        cls.serial_phone = cls.env["product.product"].create(
            {
                "name": "Serial Phone",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 500.0,
                "standard_price": 300.0,
                "categ_id": cls.categ_phones.id,
                "invoice_policy": "delivery",
            }
        )
        cls.serials = cls.env["stock.lot"].create(
            [{"name": f"SN-{i:03d}", "product_id": cls.serial_phone.id} for i in range(1, 6)]
        )
        for lot in cls.serials:
            cls._add_stock(cls.serial_phone, 1, lot)

    def _receive(self, returns, quantities=None, lots=None):
        """Validate the receipts of ``returns``: in full, or ``{return line: qty}``, with ``{line: lots}``
        for tracked products. Returns what ``button_validate`` returned."""
        receipts = returns.receipt_picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in receipts.move_ids:
            line = move.revlog_return_line_id
            qty = (quantities or {}).get(line, move.product_uom_qty)
            if move.has_tracking != "none":
                line_lots = (lots or {})[line]
                move.move_line_ids = [Command.clear()] + [
                    Command.create(
                        {
                            "product_id": move.product_id.id,
                            "lot_id": lot.id,
                            "quantity": 1,
                            "location_id": move.location_id.id,
                            "location_dest_id": move.location_dest_id.id,
                            "picking_id": move.picking_id.id,
                        }
                    )
                    for lot in line_lots
                ]
            else:
                move.quantity = qty
            move.picked = True
        return receipts.with_context(skip_sms=True).button_validate()

    def _odoo_return(self, picking, quantity=None):
        """Odoo's own Return button on ``picking`` (every move in full, or ``quantity``), validated."""
        wizard = Form(
            self.env["stock.return.picking"].with_context(active_id=picking.id, active_model="stock.picking")
        ).save()
        for line in wizard.product_return_moves:
            line.quantity = quantity if quantity is not None else line.move_id.quantity
        returned = wizard._create_return()
        for move in returned.move_ids:
            move.quantity = move.product_uom_qty
        returned.move_ids.picked = True
        returned._action_done()
        return returned

    def _return_split(self, order, reasons):
        """A draft return of one unit of ``order``'s single line per reason: several lines, one order line."""
        return self.env["revlog.return"].create(
            {
                "partner_id": order.partner_id.id,
                "sale_order_id": order.id,
                "line_ids": [
                    Command.create({"sale_line_id": order.order_line.id, "quantity": 1, "reason_id": reason.id})
                    for reason in reasons
                ],
            }
        )

    def _process_backorder(self, action, backorder=True):
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"])).save()
        return wizard.process() if backorder else wizard.process_cancel_backorder()

    def _deliver_serials(self, lots, partner=None):
        """An order of one serial-tracked unit per lot (of the lots' product), delivered with exactly those."""
        product = lots.product_id
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": len(lots)})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        move = picking.move_ids
        move.move_line_ids = [Command.clear()] + [
            Command.create(
                {
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "quantity": 1,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "picking_id": picking.id,
                }
            )
            for lot in lots
        ]
        move.picked = True
        picking._action_done()
        return order

    def _bought_serials(self, vendor, names, price=110.0):
        """Serial phones bought from ``vendor`` at ``price`` on a purchase order, received with ``names``:
        (product, purchase, lots)."""
        product = self.env["product.product"].create(
            {
                "name": "Vendor Phone",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 200.0,
                "standard_price": 120.0,
                "categ_id": self.categ_phones.id,
                "invoice_policy": "delivery",
                "seller_ids": [Command.create({"partner_id": vendor.id, "price": price})],
            }
        )
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_qty": len(names), "price_unit": price})
                ],
            }
        )
        purchase.button_confirm()
        receipt = purchase.picking_ids
        receipt.move_ids.move_line_ids = [Command.clear()] + [
            Command.create(
                {
                    "product_id": product.id,
                    "lot_name": name,
                    "quantity": 1,
                    "location_id": receipt.location_id.id,
                    "location_dest_id": receipt.location_dest_id.id,
                    "picking_id": receipt.id,
                }
            )
            for name in names
        ]
        receipt.move_ids.picked = True
        receipt.button_validate()
        lots = receipt.move_line_ids.lot_id
        return product, purchase, lots

    def _quant_qty(self, product, location, lot=None):
        quants = self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", location.id)]
            + ([("lot_id", "=", lot.id)] if lot else [])
        )
        return sum(quants.mapped("quantity"))

    def _repair_and_finish(self, repairs, parts=None, user=None):
        """Warehouse staff repair the units (with ``{product: qty}`` parts) and finish the repair."""
        repairs = repairs.with_user(user or self.warehouse_user)
        for product, qty in (parts or {}).items():
            repairs.move_ids = [
                Command.create({"product_id": product.id, "product_uom_qty": qty, "repair_line_type": "add"})
            ]
        repairs.action_repair_start()
        for move in repairs.move_ids:
            move.quantity = move.product_uom_qty
        repairs.move_ids.picked = True
        repairs.action_repair_end()

    def _flow(self, order, quantities, grade=None, reason=None, dispose=True):
        """Return ``{sale line: qty}`` of ``order``: approve, receive, grade (``grade`` or A), dispose."""
        ret = self._return(order, quantities, reason)
        ret.action_approve()
        self._receive(ret)
        self._grade(ret.line_ids, grade or self.grade_a)
        if dispose:
            ret._validate_dispositions()
        return ret

    def _grade(self, lines, grade):
        """Inspect ``lines``: every criterion passes, then the inspector sets ``grade`` when it is not A."""
        lines.action_inspect()
        for answer in lines.inspection_id.answer_ids:
            answer.write({"passed": True} if answer.kind == "pass_fail" else {"score": 5})
        if grade != self.grade_a:
            lines.inspection_id.write({"grade_override_id": grade.id, "override_reason": "Test grading"})
        lines.inspection_id.action_done()


class RevlogStockCommon(StockTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_revlog()
        cls._setup_inspection()
        cls._setup_stock()
