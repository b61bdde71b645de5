from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # copy=False: a copy made by Odoo's Return button is not the return's receipt or disposition; backorders
    # keep both through _create_backorder
    revlog_return_id = fields.Many2one(
        "revlog.return", string="Return", index="btree_not_null", readonly=True, check_company=True, copy=False
    )
    revlog_role = fields.Selection(
        [
            ("receipt", "Return Receipt"),
            ("disposition", "Return Disposition"),
            ("exchange", "Replacement Delivery"),
            ("shipback", "Unit Sent Back"),
            ("vendor", "Return to Vendor"),
        ],
        string="Return Step",
        readonly=True,
        copy=False,
        help="What this transfer does for its return.",
    )

    def _create_backorder(self, backorder_moves=None):
        backorders = super()._create_backorder(backorder_moves=backorder_moves)
        groups = {}
        for backorder in backorders.filtered(lambda b: b.backorder_id.revlog_role):
            origin = backorder.backorder_id
            groups.setdefault((origin.revlog_return_id.id, origin.revlog_role), []).append(backorder.id)
        for (return_id, role), ids in groups.items():
            self.browse(ids).sudo().write({"revlog_return_id": return_id, "revlog_role": role})
        return backorders

    def button_validate(self):
        self.filtered(lambda p: p.revlog_role == "receipt")._revlog_check_receipt_validator()
        self._revlog_lock_receipts()
        return super().button_validate()

    def _revlog_check_receipt_validator(self):
        """One rule for a return's receipt, from the return or from the transfer: warehouse staff receive it."""
        if self and not self.env.su and not self.env.user.has_group("stock.group_stock_user"):
            raise UserError(
                self.env._(
                    "%(receipts)s: only warehouse staff (Inventory User) validate the receipts of returns.",
                    receipts=", ".join(self.mapped("name")),
                )
            )

    def _action_done(self):
        receipts = self.filtered(lambda p: p.revlog_role == "receipt")
        receipts._revlog_lock_receipts()
        receipts._revlog_check_receipt()
        self._revlog_keep_owners()
        res = super()._action_done()
        # the return follows its transfers: warehouse staff need no right on returns for that
        done = self.filtered(lambda p: p.state == "done").sudo()
        done.filtered(lambda p: p.revlog_role == "receipt").revlog_return_id._on_receipt_done()
        dispositions = done.filtered(lambda p: p.revlog_role == "disposition")
        dispositions.revlog_return_id._on_disposition_done(dispositions.move_ids.filtered(lambda m: m.state == "done"))
        for role in ("exchange", "shipback", "vendor"):
            shipped = done.filtered(lambda p, r=role: p.revlog_role == r)
            if shipped:
                shipped.revlog_return_id._on_shipment_done(role, shipped.move_ids.filtered(lambda m: m.state == "done"))
        return res

    def _revlog_keep_owners(self):
        """A unit sent in to be repaired stays its owner's: whatever move lines the warehouse filled in, they
        carry the owner its move is restricted to, so that the unit is never counted (nor valued) as the
        company's stock. Odoo does the same for a transfer's own owner."""
        moves = self.move_ids.filtered(lambda m: m.revlog_return_line_id and m.restrict_partner_id)
        for move in moves:
            move.move_line_ids.filtered(
                lambda ml, m=move: ml.owner_id != m.restrict_partner_id
            ).owner_id = move.restrict_partner_id

    def _revlog_lock_receipts(self):
        """Two people validating one return receipt at once: the later one waits for the first, is retried
        by Odoo, and is then told the receipt is done rather than receiving the parcel twice."""
        receipts = self.filtered(lambda p: p.revlog_role == "receipt")
        if not receipts:
            return
        self.env["revlog.workflow.mixin"]._revlog_touch(receipts)
        done = receipts.filtered(lambda p: p.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "%(pickings)s: already validated, return %(returns)s is received already.",
                    pickings=", ".join(done.mapped("name")),
                    returns=", ".join(done.sudo().revlog_return_id.mapped("name")),
                )
            )

    def _revlog_check_receipt(self):
        """Before a return receipt is done: what arrives must have been approved on its return, and each
        lot/serial must have been delivered to this customer on this order (or be flagged, per policy)."""
        moves = self.move_ids.filtered(lambda m: m.state != "cancel" and m.quantity)
        foreign = moves.filtered(lambda m: not m.revlog_return_line_id)
        if foreign:
            raise UserError(
                self.env._(
                    "%(picking)s: %(products)s is not on return %(ret)s; receive it with its own return.",
                    picking=foreign[0].picking_id.name,
                    products=foreign[0].product_id.display_name,
                    ret=foreign[0].picking_id.revlog_return_id.name,
                )
            )
        lines = moves.revlog_return_line_id
        lines._check_receipt_quantities(moves, exclude_pickings=self)
        lines._check_received_lots(moves.move_line_ids)

    def action_view_revlog_return(self):
        self.ensure_one()
        return self.revlog_return_id.get_formview_action()

    # transfers a return sends out: replacements, repaired units, returns to the vendor

    def _revlog_outgoing_vals(self, ret, role, picking_type, source, destination, partner, origin):
        return {
            "picking_type_id": picking_type.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "partner_id": partner.id,
            "origin": origin,
            "company_id": ret.company_id.id,
            "revlog_return_id": ret.id,
            "revlog_role": role,
        }

    def _revlog_to_customer_vals(self, ret, role, source):
        """A delivery of ``ret`` from ``source`` to its customer (replacements, repaired units)."""
        return self._revlog_outgoing_vals(
            ret,
            role,
            ret.warehouse_id.out_type_id,
            source,
            ret._delivery_partner().property_stock_customer or self.env.ref("stock.stock_location_customers"),
            ret._delivery_partner(),
            ", ".join(filter(None, [ret.name, ret.sale_order_id.name])),
        )

    def _revlog_move_vals(self, line, name, product, uom, qty, lot=None, owner=None, **extra):
        """A move of this transfer carrying return ``line``; with ``lot`` or ``owner``, pinned to that unit (its
        serial, its owner) rather than any unit of the location."""
        self.ensure_one()
        vals = {
            "name": name,
            "product_id": product.id,
            "product_uom": uom.id,
            "product_uom_qty": qty,
            "location_id": self.location_id.id,
            "location_dest_id": self.location_dest_id.id,
            "picking_id": self.id,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "revlog_return_line_id": line.id,
            **extra,
        }
        if lot or owner:
            vals["move_line_ids"] = [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_id": uom.id,
                        "lot_id": lot.id if lot else False,
                        "owner_id": owner.id if owner else False,
                        "quantity": qty,
                        "location_id": self.location_id.id,
                        "location_dest_id": self.location_dest_id.id,
                        "picking_id": self.id,
                    }
                )
            ]
        return vals

    @api.model
    def _revlog_create_replacements(self, quantities):
        """Replacement deliveries for exchange lines, ``{line: quantity in the line's unit}``: from the order's
        warehouse stock to the customer, one move per line carrying it. The same product ships on the order
        line it replaces, so the order's delivered quantity stays what the customer holds (as Odoo's own
        exchange does); another product ships outside the order's lines, its price difference settled by the
        accounting addon. A retry ships nothing twice."""
        lines = (
            self.env["revlog.return.line"]
            .concat(*quantities)
            .filtered(
                lambda ln: (
                    not ln.move_ids.filtered(lambda m: m.picking_id.revlog_role == "exchange" and m.state != "cancel")
                )
            )
        )
        if not lines:
            return self.browse()
        groups = defaultdict(lambda: self.env["revlog.return.line"])
        for line in lines:
            # a picking in the order's procurement group gets order lines added for moves without one: the
            # replacements of another product travel apart
            groups[line.return_id, line.exchange_product_id == line.product_id] |= line
        pickings = self.create(
            [self._revlog_to_customer_vals(ret, "exchange", ret.warehouse_id.lot_stock_id) for ret, __ in groups]
        )
        move_vals = []
        for picking, group_lines in zip(pickings, groups.values(), strict=True):
            for line in group_lines:
                product, qty = line.exchange_product_id, quantities[line]
                same = product == line.product_id
                uom = line.product_uom_id if same else product.uom_id
                if not same and line.product_uom_id.category_id == product.uom_id.category_id:
                    qty = line.product_uom_id._compute_quantity(qty, product.uom_id)
                order_link = (
                    {
                        "sale_line_id": line.sale_line_id.id,
                        "group_id": line.sale_line_id.order_id.procurement_group_id.id,
                    }
                    if same
                    else {}
                )
                name = self.env._("%(ret)s: replacement", ret=line.return_id.name)
                move_vals.append(picking._revlog_move_vals(line, name, product, uom, qty, **order_link))
        self.env["stock.move"].create(move_vals)
        pickings.action_confirm()
        pickings.action_assign()
        pickings._revlog_log_on_returns(self.env._("Replacement shipping"))
        return pickings

    def _revlog_log_on_returns(self, what):
        for ret in self.revlog_return_id:
            ret.message_post(
                body=self.env._(
                    "%(what)s: %(pickings)s.",
                    what=what,
                    pickings=", ".join(self.filtered(lambda p, r=ret: p.revlog_return_id == r).mapped("name")),
                )
            )

    @api.model
    def _revlog_create_sendbacks(self, lines):
        """The units ``lines`` received go back to their customer from inspection (a return rejected after
        receipt): one delivery per return, one move per received lot, each returning its receipt move with
        refund on the order line, so that the order counts them delivered again."""
        received = lines._received_lot_quantities()
        lines = lines.filtered(
            lambda ln: (
                received.get(ln)
                and not ln.move_ids.filtered(lambda m: m.picking_id.revlog_role == "shipback" and m.state != "cancel")
            )
        )
        if not lines:
            return self.browse()
        returns = lines.return_id
        pickings = self.create(
            [
                self._revlog_to_customer_vals(ret, "shipback", ret.warehouse_id.revlog_inspection_loc_id)
                for ret in returns
            ]
        )
        move_vals = []
        for picking, ret in zip(pickings, returns, strict=True):
            for line in lines.filtered(lambda ln, r=ret: ln.return_id == r):
                owner = line._owner()
                for lot, qty in received[line]:
                    move_vals.append(
                        picking._revlog_move_vals(
                            line,
                            self.env._("%(ret)s: rejected, sent back", ret=ret.name),
                            line.product_id,
                            line.product_id.uom_id,
                            qty,
                            lot=lot,
                            owner=owner,
                            **({"restrict_partner_id": owner.id} if owner else {}),
                            sale_line_id=line.sale_line_id.id,
                            group_id=line.sale_line_id.order_id.procurement_group_id.id,
                            origin_returned_move_id=line._done_receipt_moves()[:1].id,
                            to_refund=line._becomes_company_stock(),
                        )
                    )
        self.env["stock.move"].create(move_vals)
        pickings.action_confirm()
        pickings.action_assign()
        pickings._revlog_log_on_returns(self.env._("Sending back"))
        return pickings

    @api.model
    def _revlog_create_shipbacks(self, repairs):
        """The units repaired for their owner go back to them: one delivery per return from where they were
        repaired, each move restricted to the owner (never the company's stock) and pinned to the repaired lot.
        The move returns the receipt move without refund, so the order's delivered quantity does not change."""
        repairs = repairs.filtered(
            lambda r: (
                r.state == "done"
                and not r.revlog_return_line_id.move_ids.filtered(
                    lambda m, x=r: (
                        m.picking_id.revlog_role == "shipback" and m.state != "cancel" and m.lot_ids == x.lot_id
                    )
                )
            )
        )
        if not repairs:
            return self.browse()
        groups = defaultdict(lambda: self.env["repair.order"])
        for repair in repairs:
            groups[repair.revlog_return_id, repair.product_location_dest_id] |= repair
        pickings = self.create([self._revlog_to_customer_vals(ret, "shipback", source) for ret, source in groups])
        move_vals = []
        for picking, group_repairs in zip(pickings, groups.values(), strict=True):
            for repair in group_repairs:
                line = repair.revlog_return_line_id
                owner = line._owner()
                move_vals.append(
                    picking._revlog_move_vals(
                        line,
                        self.env._("%(ret)s: repaired by %(repair)s", ret=line.return_id.name, repair=repair.name),
                        repair.product_id,
                        repair.product_uom,
                        repair.product_qty,
                        lot=repair.lot_id,
                        owner=owner,
                        restrict_partner_id=owner.id,
                        sale_line_id=line.sale_line_id.id,
                        group_id=line.sale_line_id.order_id.procurement_group_id.id,
                        origin_returned_move_id=line._done_receipt_moves()[:1].id,
                        to_refund=False,
                    )
                )
        self.env["stock.move"].create(move_vals)
        pickings.action_confirm()
        return pickings

    @api.model
    def _revlog_vendor_sources(self, lines):
        """{(line, lot): (vendor, purchase line or empty)} for lines routed to the vendor: the purchase receipt of
        each received lot/serial, else the product's main vendor and its last purchase line received. Raises,
        naming the return and the product, when a unit has no vendor at all."""
        received = lines._received_lot_quantities()
        lots = self.env["stock.lot"].concat(*(lot for pairs in received.values() for lot, __ in pairs))
        bought = {}
        if lots:
            purchase_mls = self.env["stock.move.line"].search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("move_id.purchase_line_id", "!=", False),
                    ("location_id.usage", "=", "supplier"),
                ],
                order="date desc, id desc",
            )
            for ml in purchase_mls:
                bought.setdefault(ml.lot_id, ml.move_id.purchase_line_id)
        products = lines.product_id
        last_lines = {}
        if products:
            for pol in self.env["purchase.order.line"].search(
                [("product_id", "in", products.ids), ("state", "in", ("purchase", "done")), ("qty_received", ">", 0)],
                order="id desc",
            ):
                last_lines.setdefault((pol.product_id, pol.partner_id.commercial_partner_id), pol)
        sources, missing = {}, []
        for line in lines:
            for lot, __ in received[line]:
                pol = bought.get(lot)
                if pol:
                    sources[line, lot] = (pol.partner_id, pol)
                    continue
                vendor = (
                    line.product_id._prepare_sellers()
                    .filtered(lambda s, c=line.company_id: s.company_id in (c, self.env["res.company"]))[:1]
                    .partner_id
                )
                if not vendor:
                    missing.append(line)
                    continue
                sources[line, lot] = (
                    vendor,
                    last_lines.get((line.product_id, vendor.commercial_partner_id), self.env["purchase.order.line"]),
                )
        if missing:
            raise UserError(
                self.env._(
                    "%(lines)s: routed back to the vendor, but no vendor is known (neither a purchase receipt of the "
                    "unit nor a vendor on the product's Purchase tab). Add the vendor, or route the unit elsewhere.",
                    lines=", ".join(f"{ln.return_id.name} {ln.product_id.display_name}" for ln in missing[:10]),
                )
            )
        return sources

    @api.model
    def _revlog_create_vendor_returns(self, moves):
        """Units routed to the vendor (``moves``: done moves into the return-to-vendor location) go back to the
        vendor they were bought from, one transfer per return and vendor. Each move sits on its purchase line
        and is to refund, so the purchase's received quantity follows and its vendor credit note (made by the
        accounting addon when the transfer is done) credits that line. A retry sends nothing twice."""
        moves = moves.filtered(
            lambda m: (
                m.state == "done"
                and not m.revlog_return_line_id.move_ids.filtered(
                    lambda v: v.picking_id.revlog_role == "vendor" and v.state != "cancel"
                )
            )
        )
        if not moves:
            return self.browse()
        sources = self._revlog_vendor_sources(moves.revlog_return_line_id)
        groups = defaultdict(list)
        for move in moves:
            for ml in move.move_line_ids:
                vendor, pol = sources[move.revlog_return_line_id, ml.lot_id]
                qty = ml.product_uom_id._compute_quantity(ml.quantity, move.product_id.uom_id)
                groups[move.revlog_return_line_id.return_id, vendor].append((move, ml.lot_id, qty, pol))
        pickings = self.create(
            [
                self._revlog_outgoing_vals(
                    ret,
                    "vendor",
                    ret.warehouse_id.in_type_id.return_picking_type_id or ret.warehouse_id.out_type_id,
                    units[0][0].location_dest_id,
                    vendor.property_stock_supplier,
                    vendor,
                    ", ".join(filter(None, [ret.name, *{pol.order_id.name for __, __, __, pol in units if pol}])),
                )
                for (ret, vendor), units in groups.items()
            ]
        )
        move_vals = []
        for picking, units in zip(pickings, groups.values(), strict=True):
            for move, lot, qty, pol in units:
                line = move.revlog_return_line_id
                move_vals.append(
                    picking._revlog_move_vals(
                        line,
                        self.env._("%(ret)s: back to the vendor", ret=line.return_id.name),
                        move.product_id,
                        move.product_id.uom_id,
                        qty,
                        lot=lot,
                        purchase_line_id=pol.id,
                        to_refund=bool(pol),
                    )
                )
        self.env["stock.move"].create(move_vals)
        pickings.action_confirm()
        pickings._revlog_log_on_returns(self.env._("Returning to the vendor"))
        return pickings
