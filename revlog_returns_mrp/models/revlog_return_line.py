from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class RevlogReturnLine(models.Model):
    _inherit = "revlog.return.line"

    def _revlog_kit_bom(self):
        """{return line: kit (phantom BoM)} for the lines of these returning a kit sold on their order line."""
        boms = self.sale_line_id._revlog_kit_bom()
        return {line: boms[line.sale_line_id] for line in self if line.sale_line_id in boms}

    def _revlog_kit_components(self, bom, quantity):
        """[(BoM line, quantity in its component's unit)] making ``quantity`` kits (in the line's unit)."""
        self.ensure_one()
        factor = self.product_uom_id._compute_quantity(quantity, bom.product_uom_id) / bom.product_qty
        __, exploded = bom.sudo().explode(self.product_id, factor)
        return [
            (bom_line, bom_line.product_uom_id._compute_quantity(data["qty"], bom_line.product_id.uom_id))
            for bom_line, data in exploded
            if bom_line.product_id.type == "consu"
            and not float_is_zero(data["qty"], precision_rounding=bom_line.product_uom_id.rounding)
        ]

    def _revlog_kit_units(self, bom, moves):
        """Whole kits, in the kit's unit, that ``moves`` (receipt moves of this line) bring back, what went back
        to the customer counted against them: Odoo's kit arithmetic, done moves by their quantity, the others
        by their demand."""
        self.ensure_one()
        filters = {
            "incoming_moves": lambda m: m.location_dest_id.usage != "customer",
            "outgoing_moves": lambda m: m.location_dest_id.usage == "customer",
        }
        qty = moves._compute_kit_quantities(self.product_id, bom.product_qty, bom, filters)
        return bom.product_uom_id._compute_quantity(qty, self.product_id.uom_id)

    # receipt: the components come back, each a return of its delivery

    def _prepare_receipt_move_vals(self, picking):
        bom = self._revlog_kit_bom().get(self)
        if not bom:
            return super()._prepare_receipt_move_vals(picking)
        deliveries, __ = self.sale_line_id._revlog_kit_moves()
        vals_list = []
        for bom_line, qty in self._revlog_kit_components(bom, self.quantity):
            origins = deliveries.filtered(lambda m, bl=bom_line: m.bom_line_id == bl)
            component_vals = self._prepare_receipt_return_vals(picking, origins, bom_line.product_id, qty)
            for vals in component_vals:
                # sale_mrp counts the kit's delivered quantity by the BoM line of its moves
                vals["bom_line_id"] = bom_line.id
            vals_list += component_vals
        return vals_list

    def _qty_received_by_line(self, exclude_pickings=None):
        result = super()._qty_received_by_line(exclude_pickings=exclude_pickings)
        for line, bom in self._revlog_kit_bom().items():
            moves = line._done_receipt_moves()
            if exclude_pickings:
                moves = moves.filtered(lambda m: m.picking_id not in exclude_pickings)
            result[line.id] = line._revlog_kit_units(bom, moves)
        return result

    def _check_receipt_quantities(self, moves, exclude_pickings=None):
        kits = self._revlog_kit_bom()
        for line, bom in kits.items():
            before = line._done_receipt_moves()
            if exclude_pickings:
                before = before.filtered(lambda m: m.picking_id not in exclude_pickings)
            arriving = moves.filtered(lambda m, ln=line: m.revlog_return_line_id == ln)
            for bom_line, approved in line._revlog_kit_components(bom, line.quantity):
                component = bom_line.product_id
                total = sum(
                    (-1 if m in before and m.location_dest_id.usage == "customer" else 1)
                    * m.product_uom._compute_quantity(m.quantity, component.uom_id)
                    for m in (before | arriving).filtered(lambda m, bl=bom_line: m.bom_line_id == bl)
                )
                if float_compare(total, approved, precision_rounding=component.uom_id.rounding) > 0:
                    raise UserError(
                        self.env._(
                            "%(picking)s: %(total)s %(component)s received for %(ret)s, only %(approved)s approved "
                            "(%(kits)s %(kit)s; rule: never receive more than the return approved).",
                            picking=arriving.picking_id[:1].name,
                            total=format(total, "g"),
                            component=component.display_name,
                            ret=line.return_id.name,
                            approved=format(approved, "g"),
                            kits=format(line.quantity, "g"),
                            kit=line.product_id.display_name,
                        )
                    )
        others = self - self.browse([line.id for line in kits])
        return super(RevlogReturnLine, others)._check_receipt_quantities(moves, exclude_pickings=exclude_pickings)

    # disposition: the kit's components move together (a scrap scraps the kit, Odoo explodes it)

    def _received_lot_quantities(self):
        result = super()._received_lot_quantities()
        kits = self._revlog_kit_bom()
        if kits:
            received = self.browse([line.id for line in kits])._qty_received_by_line()
            for line in kits:
                qty = received.get(line.id, 0.0)
                result[line] = [(self.env["stock.lot"], qty)] if qty > 0 else []
        return result

    def _prepare_disposition_move_vals(self, picking, lot_quantities):
        bom = self._revlog_kit_bom().get(self)
        if not bom or not lot_quantities:
            return super()._prepare_disposition_move_vals(picking, lot_quantities)
        # one move per component and received lot, pinned to it: the units inspected are the units that move
        received = defaultdict(float)
        for ml in self._done_receipt_moves().move_line_ids:
            sign = -1 if ml.move_id.location_dest_id.usage == "customer" else 1
            received[ml.move_id.bom_line_id, ml.lot_id] += sign * ml.quantity_product_uom
        vals_list = []
        for (bom_line, lot), qty in received.items():
            component = bom_line.product_id
            if float_compare(qty, 0, precision_rounding=component.uom_id.rounding) <= 0:
                continue
            vals_list.append(self._pinned_move_vals(picking, component, lot, qty, bom_line_id=bom_line.id))
        return vals_list

    def _prepare_scrap_vals(self, lot, qty):
        vals = super()._prepare_scrap_vals(lot, qty)
        bom = self._revlog_kit_bom().get(self)
        if bom:
            vals["bom_id"] = bom.id
        return vals

    # accounting: the kit's value is its components'

    def _revlog_interim_products(self):
        bom = self._revlog_kit_bom().get(self)
        if not bom:
            return super()._revlog_interim_products()
        return self.env["product.product"].union(*(bl.product_id for bl, __ in self._revlog_kit_components(bom, 1.0)))

    def _returned_unit_value(self):
        bom = self._revlog_kit_bom().get(self)
        if not bom:
            return super()._returned_unit_value()
        # per kit: the value of its components back (or coming back), over the whole kits they make
        value, __ = self._returned_value()
        moves = (
            self.sudo()._receipt_moves().filtered(lambda m: m.state != "cancel" and m.location_id.usage == "customer")
        )
        kits = self._revlog_kit_units(bom, moves)
        if float_is_zero(kits, precision_rounding=self.product_id.uom_id.rounding):
            return None
        return value / kits

    def _revlog_kit_cogs(self, quantity):
        """[(component, quantity in its unit, unit value)] of ``quantity`` kits (in the line's unit) credited:
        each component at the value at which this line's units of it came back."""
        self.ensure_one()
        bom = self._revlog_kit_bom()[self]
        result = []
        for bom_line, qty in self._revlog_kit_components(bom, quantity):
            component = bom_line.product_id
            if not component.is_storable:
                continue
            value, back = self._returned_value(product=component)
            if not float_is_zero(back, precision_rounding=component.uom_id.rounding):
                result.append((component, qty, value / back))
        return result
