from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


def _customer_sign(move):
    """+1 for what goes to a customer, -1 for what comes back from one, 0 otherwise."""
    if move.location_dest_id.usage == "customer":
        return 1
    return -1 if move.location_id.usage == "customer" else 0


def _received_sign(move):
    """How a done move of a return line counts in what the line received: what goes back out to a
    customer counts against it, whatever transfer it sits in."""
    return -1 if move.location_dest_id.usage == "customer" else 1


class RevlogReturnLine(models.Model):
    _inherit = "revlog.return.line"

    move_ids = fields.One2many("stock.move", "revlog_return_line_id", string="Stock Moves", groups="base.group_user")
    scrap_ids = fields.One2many("stock.scrap", "revlog_return_line_id", string="Scraps", groups="base.group_user")
    qty_received = fields.Float(
        string="Received",
        compute="_compute_qty_received",
        store=True,
        digits="Product Unit of Measure",
        help="What the return receipts brought back, in the line's unit.",
    )
    lot_ids = fields.Many2many(
        "stock.lot", string="Lots/Serials Received", compute="_compute_lot_ids", groups="base.group_user"
    )
    # read as the system: clerks and accountants see which serials came back without inventory rights
    lot_names = fields.Char(string="Lots/Serials", compute="_compute_lot_names", compute_sudo=True)
    location_dest_id = fields.Many2one(
        "stock.location",
        string="Destination",
        compute="_compute_location_dest_id",
        help="Where the disposition sends the unit.",
    )
    repair_order_ids = fields.One2many(
        "repair.order", "revlog_return_line_id", string="Repair Orders", groups="base.group_user"
    )
    warehouse_id = fields.Many2one(related="return_id.warehouse_id", store=True, string="Warehouse")
    qty_variance = fields.Float(
        string="Received − Approved",
        compute="_compute_qty_variance",
        store=True,
        digits="Product Unit of Measure",
        help="Inventory accuracy: what arrived less what was approved (0 when they agree).",
    )
    lot_mismatch = fields.Boolean(
        string="Lot/Serial Mismatch",
        readonly=True,
        copy=False,
        help="A received lot/serial was not one delivered to this customer (flagged, the policy allowing it).",
    )
    repaired_grade_id = fields.Many2one(
        "revlog.grade",
        string="Grade After Repair",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The grade a refurbishing repair restored (the unit went to stock or B-Stock by it).",
    )

    def _revlog_workflow_fields(self):
        return super()._revlog_workflow_fields() | {"repaired_grade_id", "lot_mismatch"}

    @api.depends("qty_received", "qty_approved", "return_id.date_received")
    def _compute_qty_variance(self):
        for line in self:
            received = line.return_id.date_received and line._needs_receipt()
            line.qty_variance = line.qty_received - line.qty_approved if received else 0.0

    @api.depends("move_ids.state", "move_ids.quantity", "move_ids.picking_id.revlog_role")
    def _compute_qty_received(self):
        received = self._qty_received_by_line()
        for line in self:
            product_qty = received.get(line.id, 0.0)
            line.qty_received = (
                line.product_id.uom_id._compute_quantity(product_qty, line.product_uom_id)
                if line.product_uom_id
                else product_qty
            )

    @api.depends("move_ids.state", "move_ids.move_line_ids.lot_id")
    def _compute_lot_ids(self):
        for line in self:
            line.lot_ids = line._done_receipt_moves().move_line_ids.lot_id

    @api.depends("move_ids.state", "move_ids.move_line_ids.lot_id")
    def _compute_lot_names(self):
        for line in self:
            line.lot_names = ", ".join(line._done_receipt_moves().move_line_ids.lot_id.mapped("name"))

    def _receipt_moves(self):
        return self.move_ids.filtered(lambda m: m.picking_id.revlog_role == "receipt")

    def _done_receipt_moves(self):
        return self._receipt_moves().filtered(lambda m: m.state == "done")

    def _qty_received_by_line(self, exclude_pickings=None):
        """{line id: quantity received, in the product's unit} over done receipt moves, by direction."""
        result = defaultdict(float)
        for move in self._done_receipt_moves():
            if not exclude_pickings or move.picking_id not in exclude_pickings:
                result[move.revlog_return_line_id.id] += _received_sign(move) * move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id
                )
        return result

    @api.depends("disposition", "disposition_rule_id.location_dest_id", "return_id.warehouse_id", "grade_id")
    def _compute_location_dest_id(self):
        best = self.env["revlog.grade"]._grades_by_company(self.company_id)
        scrap_locations = self._scrap_locations(self.filtered(lambda ln: ln.disposition == "scrap").company_id)
        for line in self:
            rule_dest = line.disposition_rule_id.location_dest_id
            if rule_dest or not line.disposition or not line.return_id.warehouse_id:
                line.location_dest_id = rule_dest
            elif line.disposition == "scrap":
                line.location_dest_id = scrap_locations.get(line.company_id, self.env["stock.location"])
            else:
                is_best = line.grade_id == best.get(line.company_id, self.env["revlog.grade"])[:1]
                line.location_dest_id = line.return_id.warehouse_id._revlog_destination(line.disposition, is_best)

    @api.model
    def _scrap_locations(self, companies):
        """{company: its scrap location} (the first one, as Odoo's scrap picks it)."""
        locations = self.env["stock.location"].search(
            [("scrap_location", "=", True), ("company_id", "in", companies.ids)], order="id"
        )
        result = {}
        for location in locations:
            result.setdefault(location.company_id, location)
        return result

    # ownership: a unit repaired for its owner is never the company's stock

    def _becomes_company_stock(self):
        """Whether the unit that comes back is the company's again (refunds, exchanges), or stays its owner's
        while it is repaired and sent back (its moves are restricted to the owner, never valued)."""
        self.ensure_one()
        return self.resolution != "repair_return"

    def _owner(self):
        self.ensure_one()
        return self.env["res.partner"] if self._becomes_company_stock() else self.return_id.partner_id

    def _owner_vals(self):
        return {"restrict_partner_id": self._owner().id} if self._owner() else {}

    # receipt

    def _prepare_receipt_move_vals(self, picking):
        """Moves bringing this line back: returns of the delivery moves it came from (so the order's
        delivered quantity goes down as with Odoo's own return wizard), or one plain move without order."""
        self.ensure_one()
        product_uom = self.product_id.uom_id
        qty_left = self.product_uom_id._compute_quantity(self.quantity, product_uom)
        if not self.sale_line_id:
            return [
                {
                    "name": self.product_id.display_name,
                    "product_id": self.product_id.id,
                    "product_uom": product_uom.id,
                    "product_uom_qty": qty_left,
                    "location_id": picking.location_id.id,
                    "location_dest_id": picking.location_dest_id.id,
                    "picking_id": picking.id,
                    "partner_id": picking.partner_id.id,
                    "company_id": self.company_id.id,
                    "revlog_return_line_id": self.id,
                    **self._owner_vals(),
                }
            ]
        outgoing, __ = self.sale_line_id._get_outgoing_incoming_moves()
        return self._prepare_receipt_return_vals(picking, outgoing, self.product_id, qty_left)

    def _prepare_receipt_return_vals(self, picking, origins, product, qty_left):
        """Moves returning ``qty_left`` of ``product`` (in its unit) from ``origins`` (delivery moves of the
        line's order line), newest first, each within what its delivery still has not had back."""
        self.ensure_one()
        product_uom = product.uom_id
        vals_list = []
        WizardLine = self.env["stock.return.picking.line"]
        for origin in origins.filtered(lambda m: m.state == "done").sorted("date", reverse=True):
            # what came back counts what was done (a receipt closed short keeps its demand), what is on its way
            # counts its demand
            already = sum(
                m.product_uom._compute_quantity(m.quantity, product_uom) if m.state == "done" else m.product_qty
                for m in origin.returned_move_ids
                if m.state != "cancel"
            )
            delivered = origin.product_uom._compute_quantity(origin.quantity, product_uom)
            take = min(delivered - already, qty_left)
            if float_compare(take, 0, precision_rounding=product_uom.rounding) <= 0:
                continue
            wizard_line = WizardLine.new(
                {
                    "move_id": origin.id,
                    "product_id": product.id,
                    "quantity": take,
                    # a unit sent in for repair stays the customer's: nothing to refund, delivered stays delivered
                    "to_refund": self._becomes_company_stock(),
                    "revlog_return_line_id": self.id,
                }
            )
            vals = wizard_line._prepare_move_default_values(picking)
            vals.update(
                {
                    "sale_line_id": self.sale_line_id.id,
                    "group_id": self.sale_line_id.order_id.procurement_group_id.id,
                    "partner_id": picking.partner_id.id,
                    "move_orig_ids": [Command.link(origin.id)],
                    "company_id": self.company_id.id,
                    **self._owner_vals(),
                }
            )
            vals_list.append(vals)
            qty_left -= take
        if not float_is_zero(qty_left, precision_rounding=product_uom.rounding):
            raise UserError(
                self.env._(
                    "%(ret)s: %(qty)s %(product)s were never delivered on order %(order)s or came back already.",
                    ret=self.return_id.name,
                    qty=format(qty_left, "g"),
                    product=product.display_name,
                    order=self.sale_line_id.order_id.name,
                )
            )
        return vals_list

    def _check_receipt_quantities(self, moves, exclude_pickings=None):
        """Never receive more than the return approved: ``moves`` (arriving, of these lines) and what the other
        receipts (all but ``exclude_pickings``) brought already."""
        received = self._qty_received_by_line(exclude_pickings=exclude_pickings)
        arriving = defaultdict(float)
        for move in moves.filtered(lambda m: m.revlog_return_line_id in self):
            arriving[move.revlog_return_line_id] += move.product_uom._compute_quantity(
                move.quantity, move.product_id.uom_id
            )
        for line, qty in arriving.items():
            approved = line.product_uom_id._compute_quantity(line.quantity, line.product_id.uom_id)
            total = received.get(line.id, 0.0) + qty
            if float_compare(total, approved, precision_rounding=line.product_id.uom_id.rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(picking)s: %(total)s %(product)s received for %(ret)s, only %(approved)s approved "
                        "(rule: never receive more than the return approved).",
                        picking=moves.filtered(lambda m, ln=line: m.revlog_return_line_id == ln).picking_id[:1].name,
                        total=format(total, "g"),
                        product=line.product_id.display_name,
                        ret=line.return_id.name,
                        approved=format(approved, "g"),
                    )
                )

    def _check_received_lots(self, move_lines):
        """Each received lot/serial must have been delivered to this customer (on this order when there is
        one) and not have come back already. Refused, or flagged on the return when its policy allows."""
        tracked = move_lines.filtered(lambda ml: ml.lot_id and ml.move_id.revlog_return_line_id)
        if not tracked:
            return
        balance = self._lot_balances(tracked)
        arriving = defaultdict(float)
        for ml in tracked:
            line = ml.move_id.revlog_return_line_id
            arriving[line, ml.lot_id] += ml.product_uom_id._compute_quantity(ml.quantity, ml.product_id.uom_id)
        flagged = defaultdict(list)
        mismatched = self.browse()
        for (line, lot), qty in arriving.items():
            key = (
                ("sol", line.sale_line_id.id)
                if line.sale_line_id
                else ("partner", line.return_id.commercial_partner_id.id)
            )
            available = balance.get((*key, lot.id), 0.0)
            if float_compare(qty, available, precision_rounding=line.product_id.uom_id.rounding) <= 0:
                continue
            where = (
                self.env._("on order %(order)s", order=line.sale_line_id.order_id.name)
                if line.sale_line_id
                else self.env._("on any order")
            )
            message = self.env._(
                "%(ret)s: %(product)s %(lot)s was not delivered to %(customer)s %(where)s, or came back already "
                "(rule: received lots/serials must match the delivery).",
                ret=line.return_id.name,
                product=lot.product_id.display_name,
                lot=lot.name,
                customer=line.return_id.commercial_partner_id.display_name,
                where=where,
            )
            policy = line.policy_id or line.return_id.policy_id
            if policy.require_lot_match or not policy:
                raise UserError(message)
            flagged[line.return_id].append(message)
            mismatched |= line
        mismatched.sudo().lot_mismatch = True
        for ret, messages in flagged.items():
            # flagged by the receipt itself: warehouse staff validating it need no right on returns
            ret = ret.sudo()
            ret.write({"to_review": True, "review_note": "\n".join(filter(None, [ret.review_note, *messages]))})
            ret.message_post(body="\n".join(messages))

    def _lot_balances(self, move_lines):
        """{("sol", sale line id, lot id) or ("partner", commercial partner id, lot id) for lines without
        order: quantity delivered and not yet back} for the lots of ``move_lines``."""
        balance = defaultdict(float)
        lots = move_lines.lot_id
        lines = move_lines.move_id.revlog_return_line_id
        for sol in lines.sale_line_id:
            for move in sol.move_ids.filtered(lambda m: m.state == "done"):
                sign = _customer_sign(move)
                for ml in move.move_line_ids.filtered(lambda ml: ml.lot_id in lots):
                    balance["sol", sol.id, ml.lot_id.id] += sign * ml.product_uom_id._compute_quantity(
                        ml.quantity, ml.product_id.uom_id
                    )
        partners = lines.filtered(lambda ln: not ln.sale_line_id).return_id.commercial_partner_id
        if partners:
            history = self.env["stock.move.line"].search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("picking_partner_id", "child_of", partners.ids),
                    "|",
                    ("location_dest_id.usage", "=", "customer"),
                    ("location_id.usage", "=", "customer"),
                ]
            )
            for ml in history:
                partner = ml.picking_partner_id.commercial_partner_id
                balance["partner", partner.id, ml.lot_id.id] += _customer_sign(
                    ml
                ) * ml.product_uom_id._compute_quantity(ml.quantity, ml.product_id.uom_id)
        return balance

    # disposition

    def _received_lot_quantities(self):
        """{line: [(lot, quantity in product unit)]} received for these lines (lot empty if untracked)."""
        per_lot = defaultdict(float)
        for ml in self._done_receipt_moves().move_line_ids:
            line = ml.move_id.revlog_return_line_id
            per_lot[line, ml.lot_id] += _received_sign(ml.move_id) * ml.product_uom_id._compute_quantity(
                ml.quantity, line.product_id.uom_id
            )
        result = defaultdict(list)
        for (line, lot), qty in per_lot.items():
            if qty > 0:
                result[line].append((lot, qty))
        return result

    def _prepare_disposition_move_vals(self, picking, lot_quantities):
        """One move per received lot (one move if untracked), each pinned to its lot so that the unit that
        was inspected is the unit that moves. ``lot_quantities``: [(lot, quantity)] received."""
        self.ensure_one()
        return [self._pinned_move_vals(picking, self.product_id, lot, qty) for lot, qty in lot_quantities]

    def _pinned_move_vals(self, picking, product, lot, qty, **extra):
        """A disposition move of ``qty`` ``product`` (of ``lot``) of this line; with a lot or an owner, its move
        line too: the inspected unit (its lot, its owner) is the unit that moves, not any unit of the location."""
        return picking._revlog_move_vals(
            self,
            self.disposition_trace or self.product_id.display_name,
            product,
            product.uom_id,
            qty,
            lot=lot,
            owner=self._owner(),
            partner_id=False,  # a move inside the warehouse has no delivery address
            **self._owner_vals(),
            **extra,
        )

    def _prepare_scrap_vals(self, lot, qty):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_uom_id": self.product_id.uom_id.id,
            "scrap_qty": qty,
            "lot_id": lot.id,
            "location_id": self.return_id.warehouse_id.revlog_inspection_loc_id.id,
            "scrap_location_id": self.location_dest_id.id,
            "company_id": self.company_id.id,
            "origin": self.return_id.name,
            "revlog_return_line_id": self.id,
        }

    # repair

    def _prepare_repair_vals(self, move, lot, qty):
        """The repair order of ``qty`` units (of ``lot``) of this line that reached the repair location through
        ``move``: Odoo's repair of the warehouse, parts taken from its stock; under warranty when a unit repaired
        for its owner was delivered within its policy's warranty."""
        self.ensure_one()
        ret = self.return_id
        repair_type = ret.warehouse_id.repair_type_id
        if not repair_type:
            raise UserError(
                self.env._(
                    "%(ret)s: warehouse %(warehouse)s has no repair operation type (Inventory > Configuration > "
                    "Warehouses).",
                    ret=ret.name,
                    warehouse=ret.warehouse_id.name,
                )
            )
        return {
            "product_id": self.product_id.id,
            "product_qty": qty,
            "product_uom": self.product_id.uom_id.id,
            "lot_id": lot.id,
            # the owner of a unit repaired for them; a unit refurbished to be sold again is the company's
            "partner_id": ret.partner_id.id if self.resolution == "repair_return" else False,
            "company_id": self.company_id.id,
            "picking_type_id": repair_type.id,
            "product_location_src_id": move.location_dest_id.id,
            "under_warranty": self.resolution == "repair_return" and self._under_warranty(),
            "revlog_return_line_id": self.id,
            "revlog_grade_id": self.grade_id.id,
            "internal_notes": self.disposition_trace,
        }
