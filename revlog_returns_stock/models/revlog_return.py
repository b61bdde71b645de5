from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class RevlogReturn(models.Model):
    _inherit = "revlog.return"

    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Warehouse",
        check_company=True,
        tracking=True,
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Where the customer ships the parcel and where it is inspected.",
    )
    # the warehouse side of a return is internal: customers follow it on the portal pages
    picking_ids = fields.One2many("stock.picking", "revlog_return_id", string="Transfers", groups="base.group_user")
    receipt_picking_ids = fields.One2many(
        "stock.picking",
        "revlog_return_id",
        string="Receipts",
        domain=[("revlog_role", "=", "receipt")],
        groups="base.group_user",
    )
    disposition_picking_ids = fields.One2many(
        "stock.picking",
        "revlog_return_id",
        string="Disposition Transfers",
        domain=[("revlog_role", "=", "disposition")],
        groups="base.group_user",
    )
    exchange_picking_ids = fields.One2many(
        "stock.picking",
        "revlog_return_id",
        string="Replacement Deliveries",
        domain=[("revlog_role", "=", "exchange")],
        groups="base.group_user",
    )
    shipback_picking_ids = fields.One2many(
        "stock.picking",
        "revlog_return_id",
        string="Units Sent Back",
        domain=[("revlog_role", "=", "shipback")],
        groups="base.group_user",
    )
    vendor_picking_ids = fields.One2many(
        "stock.picking",
        "revlog_return_id",
        string="Returns to Vendor",
        domain=[("revlog_role", "=", "vendor")],
        groups="base.group_user",
    )
    repair_order_ids = fields.One2many(
        "repair.order", "revlog_return_id", string="Repair Orders", groups="base.group_user"
    )
    scrap_ids = fields.One2many("stock.scrap", "revlog_return_id", string="Scraps", groups="base.group_user")
    # counted as the system: returns clerks see how many transfers there are without inventory rights
    receipt_count = fields.Integer(compute="_compute_picking_counts", compute_sudo=True, groups="base.group_user")
    disposition_count = fields.Integer(compute="_compute_picking_counts", compute_sudo=True, groups="base.group_user")
    shipment_count = fields.Integer(
        compute="_compute_picking_counts",
        compute_sudo=True,
        groups="base.group_user",
        help="Replacements, repaired units sent back and returns to the vendor.",
    )
    repair_count = fields.Integer(compute="_compute_picking_counts", compute_sudo=True, groups="base.group_user")

    @api.depends("sale_order_id", "company_id")
    def _compute_warehouse_id(self):
        default_by_company = {}
        for ret in self:
            warehouse = ret.sale_order_id.warehouse_id
            if not warehouse:
                company = ret.company_id
                if company not in default_by_company:
                    default_by_company[company] = self.env["stock.warehouse"].search(
                        [("company_id", "=", company.id)], limit=1
                    )
                warehouse = default_by_company[company]
            ret.warehouse_id = warehouse

    @api.depends(
        "line_ids.qty_approved",
        "line_ids.quantity",
        "date_received",
        "line_ids.qty_variance",
        "line_ids.lot_mismatch",
    )
    def _compute_accuracy_ok(self):
        # inventory accuracy: every unit that was to come back arrived as approved, with the right serial
        for ret in self:
            lines = ret.line_ids.filtered(lambda ln: ln._needs_receipt())
            ret.accuracy_ok = bool(ret.date_received) and not any(ln.qty_variance or ln.lot_mismatch for ln in lines)

    @api.depends("picking_ids.revlog_role", "scrap_ids", "repair_order_ids")
    def _compute_picking_counts(self):
        for ret in self:
            ret.receipt_count = len(ret.receipt_picking_ids)
            ret.disposition_count = len(ret.disposition_picking_ids) + len(ret.scrap_ids)
            ret.shipment_count = len(ret.exchange_picking_ids | ret.shipback_picking_ids | ret.vendor_picking_ids)
            ret.repair_count = len(ret.repair_order_ids)

    # transitions

    def _action_approve(self):
        res = super()._action_approve()
        # the receipt follows the approval: returns clerks need no inventory rights for it
        self.sudo()._create_receipts()
        # advance exchanges ship the replacement now, before the unit is back
        advance = self.line_ids.filtered(lambda ln: ln.resolution == "exchange" and ln.exchange_deadline)
        self.env["stock.picking"].sudo()._revlog_create_replacements({line: line.quantity for line in advance})
        return res

    def action_receive(self):
        raise UserError(
            self.env._(
                "%(names)s: validate the return receipt; the return is received with it.",
                names=", ".join(self.mapped("name")),
            )
        )

    def _with_goods_received(self):
        """The returns of ``self`` with a receipt done: goods came in, and only a transfer gives them back."""
        return self.filtered(lambda r: r.receipt_picking_ids.filtered(lambda p: p.state == "done"))

    def _before_stop(self):
        res = super()._before_stop()
        received = self._with_goods_received()
        if received:
            raise UserError(
                self.env._(
                    "%(names)s: goods were already received. Return them to the customer with a transfer first; "
                    "nothing already done is undone silently.",
                    names=", ".join(received.mapped("name")),
                )
            )
        self.sudo().picking_ids.filtered(lambda p: p.state not in ("done", "cancel")).with_context(
            revlog_stopping=True
        ).action_cancel()
        self.sudo().repair_order_ids.filtered(lambda r: r.state == "draft").action_repair_cancel()
        return res

    def _rejectable_states(self):
        # rejected after receipt: the units, still in inspection, are sent back to the customer
        return super()._rejectable_states() | {"received", "inspected"}

    def _before_reject(self):
        received = self._with_goods_received()
        res = super(RevlogReturn, self - received)._before_reject()
        if received:
            received._send_back_received_units()
        return res

    def _send_back_received_units(self):
        """Rejected after receipt: what did not arrive yet is cancelled, the units received go back to the
        customer from inspection (on their order line, so the order's delivered quantity follows), provided none
        has left inspection for its destination yet."""
        moved = self.sudo().filtered(
            lambda r: (
                r.disposition_picking_ids.filtered(lambda p: p.state == "done")
                or r.scrap_ids.filtered(lambda s: s.state == "done")
            )
        )
        if moved:
            raise UserError(
                self.env._(
                    "%(names)s: units already left inspection for their destination (rule: a return is rejected "
                    "only while its units are in inspection); return them with a transfer first.",
                    names=", ".join(moved.mapped("name")),
                )
            )
        sudo = self.sudo()
        (sudo.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))).with_context(
            revlog_stopping=True
        ).action_cancel()
        sudo.scrap_ids.filtered(lambda s: s.state == "draft").unlink()
        return self.env["stock.picking"].sudo()._revlog_create_sendbacks(self.line_ids)

    def _action_inspected(self):
        res = super()._action_inspected()
        self._create_dispositions()
        return res

    def _is_complete(self):
        return (
            super()._is_complete()
            and all(p.state in ("done", "cancel") for p in self.picking_ids)
            and all(s.state == "done" for s in self.scrap_ids)
            and all(r.state in ("done", "cancel") for r in self.repair_order_ids)
        )

    def _on_disposition_done(self, moves):
        """Units reached their destination through ``moves`` (transfers or scraps): units in the repair location
        get their repair order, units for the vendor their return to it; close what is complete."""
        self.env["repair.order"].sudo()._revlog_create_for_moves(
            moves.filtered(lambda m: m.revlog_return_line_id.disposition == "repair")
        )
        self.env["stock.picking"].sudo()._revlog_create_vendor_returns(
            moves.filtered(lambda m: m.revlog_return_line_id.disposition == "vendor")
        )
        return self._try_close()

    def _on_shipment_done(self, role, moves):
        """Replacements, repaired units or returns to the vendor left through ``moves`` (``role`` of their
        transfer): close what is complete (the accounting addon settles the money first)."""
        return self._try_close()

    def _on_repair_done(self, repairs):
        """Repair orders of these returns are done: units repaired for their owner are sent back."""
        self.env["stock.picking"].sudo()._revlog_create_shipbacks(
            repairs.filtered(lambda r: r.revlog_return_line_id.resolution == "repair_return")
        )
        return self._try_close()

    def _on_receipt_done(self):
        """Receipts validated or cancelled: returns with nothing left to receive follow what arrived. Lines
        are reduced to it (logged), and the return is received, its inspections ready. When nothing arrived
        at all, the return stays approved for a clerk to cancel."""
        settled = self.filtered(
            lambda r: (
                r.state == "approved"
                and r.receipt_picking_ids
                and all(p.state in ("done", "cancel") for p in r.receipt_picking_ids)
            )
        )
        arrived = settled.filtered(lambda r: any(line.qty_received > 0 for line in r.line_ids))
        for ret in settled - arrived:
            ret.message_post(
                body=self.env._(
                    "The receipt of %(name)s was cancelled and nothing arrived: cancel the return, or approve a "
                    "new one when the parcel comes.",
                    name=ret.name,
                )
            )
        if not arrived:
            return
        arrived._reduce_to_received()
        arrived._action_receive()
        # exchanges ship the replacement once the unit is back (advance ones shipped on approval)
        exchanged = arrived.line_ids.filtered(
            lambda ln: ln.resolution == "exchange" and not ln.exchange_deadline and ln.qty_received
        )
        self.env["stock.picking"].sudo()._revlog_create_replacements({line: line.qty_received for line in exchanged})
        lines = arrived.line_ids.filtered(
            lambda ln: ln._needs_grading() and not ln.grade_id and not ln.inspection_id and ln.qty_received
        )
        Template = self.env["revlog.inspection.template"]
        to_inspect = self.env["revlog.return.line"]
        for company in lines.company_id:
            company_lines = lines.filtered(lambda ln, c=company: ln.company_id == c)
            templates = Template._template_for_products(company_lines.product_id, company)
            # lines no template covers get theirs when inspected (Inspect explains what is missing)
            to_inspect |= company_lines.filtered(lambda ln, t=templates: t[ln.product_id])
        self.env["revlog.inspection"]._create_for_lines(to_inspect)

    def _reduce_to_received(self):
        """Receipts closed short (a backorder or a receipt cancelled, "no backorder"): each line now asks for
        what arrived, so nothing waits forever for units that will not come, and the chatter says so."""
        reductions = defaultdict(list)
        for line in self.line_ids.filtered(lambda ln: ln._needs_receipt()):
            rounding = line.product_uom_id.rounding or 0.01
            if float_compare(line.qty_received, line.quantity, precision_rounding=rounding) < 0:
                reductions[line.return_id].append((line, line.quantity, max(line.qty_received, 0.0)))
        for ret, changes in reductions.items():
            for line, __, received in changes:
                line.sudo().with_context(revlog_reduce_to_received=True).quantity = received
            ret.message_post(
                body=self.env._(
                    "Receipt closed short, lines reduced to what arrived: %(changes)s",
                    changes=", ".join(
                        f"{line.product_id.display_name} {approved:g} → {received:g}"
                        for line, approved, received in changes
                    ),
                )
            )
        return reductions

    # receipts

    def _delivery_partner(self):
        """Where the parcel is: the order's delivery address (as Odoo's own return of the delivery), else the
        customer. Receipts come from it and replacements go to it; credit notes go to the invoiced address."""
        self.ensure_one()
        return self.sale_order_id.partner_shipping_id or self.partner_id

    def _create_receipts(self):
        """One receipt per approved return (customer → Inspection); a retry creates nothing twice."""
        returns = self.filtered(
            lambda r: (
                r.state == "approved"
                and any(line._needs_receipt() for line in r.line_ids)
                and not r.receipt_picking_ids.filtered(lambda p: p.state != "cancel")
            )
        )
        if not returns:
            return self.env["stock.picking"]
        missing = returns.filtered(lambda r: not r.warehouse_id.revlog_return_type_id)
        if missing:
            raise UserError(
                self.env._(
                    "%(names)s: the warehouse has no Customer Returns operation type (Inventory > Configuration > "
                    "Warehouses).",
                    names=", ".join(missing.mapped("name")),
                )
            )
        customers = self.env.ref("stock.stock_location_customers")
        pickings = self.env["stock.picking"].create(
            [
                {
                    "picking_type_id": ret.warehouse_id.revlog_return_type_id.id,
                    "location_id": (ret._delivery_partner().property_stock_customer or customers).id,
                    "location_dest_id": ret.warehouse_id.revlog_return_type_id.default_location_dest_id.id,
                    "partner_id": ret._delivery_partner().id,
                    "origin": ret.name,
                    "company_id": ret.company_id.id,
                    "revlog_return_id": ret.id,
                    "revlog_role": "receipt",
                }
                for ret in returns
            ]
        )
        # what each delivery move already got back, read for the whole batch rather than line by line
        returns.line_ids.sale_line_id.move_ids.returned_move_ids.fetch(
            ["state", "product_qty", "quantity", "product_uom"]
        )
        move_vals = []
        for ret, picking in zip(returns, pickings, strict=True):
            for line in ret.line_ids.filtered(lambda ln: ln._needs_receipt()):
                move_vals += line._prepare_receipt_move_vals(picking)
        self.env["stock.move"].create(move_vals)
        pickings.action_confirm()
        pickings.action_assign()
        return pickings

    # dispositions

    def _create_dispositions(self):
        """Send the received units where their disposition says: one transfer per return and destination
        (Inspection → destination), scrap through Odoo's scrap. Validated at once if the company says so."""
        returns = self.filtered(
            lambda r: not r.disposition_picking_ids.filtered(lambda p: p.state != "cancel") and not r.scrap_ids
        )
        lines = returns.line_ids.filtered(lambda ln: ln.disposition and ln.qty_received)
        missing = lines.filtered(lambda ln: not ln.location_dest_id)
        if missing:
            raise UserError(
                self.env._(
                    "No destination for %(lines)s: set one on the disposition rule or the warehouse.",
                    lines=", ".join(f"{ln.return_id.name} {ln.product_id.display_name}" for ln in missing[:10]),
                )
            )
        # a unit routed to the vendor needs one: say so now, not when the warehouse moves it
        self.env["stock.picking"]._revlog_vendor_sources(lines.filtered(lambda ln: ln.disposition == "vendor"))
        groups = defaultdict(lambda: self.env["revlog.return.line"])
        scraps = []
        received = lines._received_lot_quantities()
        for line in lines:
            if line.disposition == "scrap":
                scraps += [line._prepare_scrap_vals(lot, qty) for lot, qty in received[line]]
            else:
                groups[line.return_id, line.location_dest_id] |= line
        pickings = self.env["stock.picking"].create(
            [
                {
                    "picking_type_id": ret.warehouse_id.revlog_disposition_type_id.id,
                    "location_id": ret.warehouse_id.revlog_inspection_loc_id.id,
                    "location_dest_id": destination.id,
                    "origin": ret.name,
                    "company_id": ret.company_id.id,
                    "revlog_return_id": ret.id,
                    "revlog_role": "disposition",
                }
                for ret, destination in groups
            ]
        )
        move_vals = []
        for picking, group_lines in zip(pickings, groups.values(), strict=True):
            for line in group_lines:
                move_vals += line._prepare_disposition_move_vals(picking, received[line])
        self.env["stock.move"].create(move_vals)
        pickings.action_confirm()
        scrap_records = self.env["stock.scrap"].create(scraps)
        auto = returns.filtered(lambda r: r.company_id.revlog_auto_validate_dispositions)
        if auto:
            auto._validate_dispositions()
        return pickings, scrap_records

    def action_validate_receipts(self):
        """Warehouse staff: receive the parcels of these returns as approved. Untracked units are counted as
        demanded; tracked ones need their serials on the receipt first (the receipt says which)."""
        self.receipt_picking_ids._revlog_check_receipt_validator()
        nothing = self.filtered(
            lambda r: not r.receipt_picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        )
        if nothing:
            raise UserError(
                self.env._("%(names)s: no receipt left to validate.", names=", ".join(nothing.mapped("name")))
            )
        receipts = self.receipt_picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in receipts.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel") and m.has_tracking == "none"
        ):
            move.quantity = move.product_uom_qty
        receipts.move_ids.picked = True
        result = receipts.with_context(skip_sms=True).button_validate()
        if isinstance(result, dict):
            # a wizard: a decision (backorder, missing serials) that a mass action cannot take for anyone
            raise UserError(
                self.env._(
                    "%(receipts)s: not received as approved; validate it from the receipt.",
                    receipts=", ".join(receipts.mapped("name")),
                )
            )
        return True

    def action_validate_dispositions(self):
        """Warehouse staff: move every graded unit of these returns where it goes, in one click."""
        if not self.env.user.has_group("stock.group_stock_user"):
            raise UserError(self.env._("Only warehouse staff validate the disposition transfers."))
        self._validate_dispositions()
        return True

    def _validate_dispositions(self):
        """Validate the open disposition transfers and scraps of these returns in full."""
        pickings = self.disposition_picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        pickings.move_ids.picked = True
        pickings.with_context(skip_sms=True, cancel_backorder=True)._action_done()
        self.scrap_ids.filtered(lambda s: s.state == "draft").do_scrap()

    # smart buttons

    def action_view_receipts(self):
        return self._action_view_pickings(self.receipt_picking_ids, self.env._("Return Receipts"))

    def action_view_dispositions(self):
        action = self._action_view_pickings(self.disposition_picking_ids, self.env._("Disposition Transfers"))
        if self.scrap_ids and not self.disposition_picking_ids:
            action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_stock_scrap")
            action["domain"] = [("id", "in", self.scrap_ids.ids)]
        return action

    def action_view_scraps(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_stock_scrap")
        action["domain"] = [("id", "in", self.scrap_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_view_shipments(self):
        return self._action_view_pickings(
            self.exchange_picking_ids | self.shipback_picking_ids | self.vendor_picking_ids,
            self.env._("Replacements, Units Sent Back and Returns to Vendor"),
        )

    def action_view_repairs(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action.update(domain=[("id", "in", self.repair_order_ids.ids)], context={"create": False})
        if len(self.repair_order_ids) == 1:
            action.update(res_id=self.repair_order_ids.id, view_mode="form", views=[(False, "form")])
        return action

    def _action_view_pickings(self, pickings, name):
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action.update(name=name, domain=[("id", "in", pickings.ids)], context={"create": False})
        if len(pickings) == 1:
            action.update(res_id=pickings.id, view_mode="form", views=[(False, "form")])
        return action
