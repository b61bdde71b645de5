import math

from odoo import Command, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import float_compare

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.revlog_returns.models.revlog_input_mixin import LARGEST_NUMBER


class RevlogCustomerPortal(CustomerPortal):
    """Customers follow their returns on /my/returns and request new ones from their delivered orders."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "revlog_return_count" in counters:
            Return = request.env["revlog.return"]
            values["revlog_return_count"] = (
                Return.search_count(self._revlog_returns_domain()) if Return.has_access("read") else 0
            )
        return values

    def _revlog_returns_domain(self):
        return [("commercial_partner_id", "=", request.env.user.partner_id.commercial_partner_id.id)]

    def _revlog_returnable_orders(self):
        """The customer's confirmed orders with something delivered (read as the customer)."""
        partner = request.env.user.partner_id.commercial_partner_id
        orders = request.env["sale.order"].search(
            [("partner_id", "child_of", partner.id), ("state", "=", "sale")], order="date_order desc", limit=20
        )
        return orders.filtered("revlog_can_return")

    @http.route(["/my/returns", "/my/returns/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_returns(self, page=1, **kw):
        Return = request.env["revlog.return"]
        domain = self._revlog_returns_domain()
        pager = portal_pager(url="/my/returns", total=Return.search_count(domain), page=page, step=self._items_per_page)
        returns = Return.search(
            domain, order="date_request desc, id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_returns_history"] = returns.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            returns=returns,
            pager=pager,
            page_name="revlog_return",
            default_url="/my/returns",
            orders=self._revlog_returnable_orders(),
        )
        return request.render("revlog_returns.portal_my_returns", values)

    @http.route(["/my/returns/<int:return_id>"], type="http", auth="public", website=True)
    def portal_return_page(self, return_id, access_token=None, report_type=None, download=False, **kw):
        try:
            ret_sudo = self._document_check_access("revlog.return", return_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            if not ret_sudo._slip_available():
                return request.redirect(ret_sudo.get_portal_url())  # no slip before the return is approved
            return self._show_report(
                model=ret_sudo,
                report_type=report_type,
                report_ref="revlog_returns.action_report_revlog_return",
                download=download,
            )
        values = self._get_page_view_values(
            ret_sudo,
            access_token,
            {"revlog_return": ret_sudo, "page_name": "revlog_return", "just_requested": bool(kw.get("requested"))},
            "my_returns_history",
            False,
        )
        return request.render("revlog_returns.portal_return_page", values)

    @http.route(["/my/orders/<int:order_id>/return"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_request_return(self, order_id, access_token=None, **post):
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        # the customer sees every delivered line, those the policy refuses with the reason why
        wizard = (
            request.env["revlog.return.create.wizard"]
            .sudo()
            .with_context(revlog_explain_non_returnable=True)
            .new({"sale_order_id": order_sudo.id})
        )
        reasons = request.env["revlog.return.reason"].search([("company_id", "in", [order_sudo.company_id.id, False])])
        refusals = self._revlog_line_refusals(order_sudo, wizard.line_ids)
        values = self._prepare_portal_layout_values()
        values.update(
            # not "order": Odoo's purchase portal reads that name as a purchase order in its breadcrumb
            revlog_order=order_sudo,
            lines=wizard.line_ids,
            refusals=refusals,
            reasons=reasons,
            page_name="revlog_return",
            error=None,
            post=post,
        )
        if request.httprequest.method == "POST":
            try:
                offered = wizard.line_ids.filtered(lambda ln: ln not in refusals)
                ret = self._revlog_create_portal_return(order_sudo, offered, reasons, post)
                return request.redirect(ret.get_portal_url(query_string="&requested=1"))
            except (UserError, ValidationError) as error:
                values["error"] = str(error)
        return request.render("revlog_returns.portal_request_return", values)

    def _revlog_line_refusals(self, order, wizard_lines):
        """{wizard line: why the customer cannot return it}: what the policy refuses whatever the quantity
        (its window, a non-returnable product) is shown with its reason, never offered."""
        Return = request.env["revlog.return"].sudo().with_company(order.company_id)
        probes = [
            Return.new(
                {
                    "partner_id": order.partner_id.id,
                    "sale_order_id": order.id,
                    "company_id": order.company_id.id,
                    "line_ids": [
                        Command.create({"sale_line_id": line.sale_line_id.id, "product_id": line.product_id.id})
                    ],
                }
            )
            for line in wizard_lines
        ]
        verdicts = request.env["revlog.policy.engine"].sudo()._evaluate(Return.concat(*probes), customer=True)
        refusals = {}
        for line, probe in zip(wizard_lines, probes, strict=True):
            words = [text for rule, text in verdicts[probe][2] if rule in ("window", "non_returnable", "policy")]
            if words:
                refusals[line] = " ".join(words)
        return refusals

    def _revlog_create_portal_return(self, order, wizard_lines, reasons, post):
        """The return the customer asked for, created only when the policy accepts it."""
        line_vals = []
        for line in wizard_lines:
            qty = self._revlog_parse_quantity(post.get(f"qty_{line.sale_line_id.id}"), line)
            if float_compare(qty, 0, precision_rounding=line.product_uom_id.rounding or 0.01) <= 0:
                continue
            reason = reasons.filtered(lambda r, ln=line: str(r.id) == post.get(f"reason_{ln.sale_line_id.id}"))
            if not reason:
                raise UserError(
                    request.env._("Tell us why you return %(product)s.", product=line.product_id.display_name)
                )
            line_vals.append(
                Command.create(
                    {
                        "sale_line_id": line.sale_line_id.id,
                        "product_id": line.product_id.id,
                        "quantity": qty,
                        "reason_id": reason[:1].id,
                    }
                )
            )
        if not line_vals:
            raise UserError(request.env._("Choose a quantity to return on at least one line."))
        vals = {
            "partner_id": request.env.user.partner_id.id,
            "sale_order_id": order.id,
            "company_id": order.company_id.id,
            "user_id": order.user_id.id,
            "customer_note": (post.get("customer_note") or "").strip(),
            "line_ids": line_vals,
        }
        Return = request.env["revlog.return"].sudo().with_company(order.company_id)
        verdict = Return.new(vals)
        ok, __, words = request.env["revlog.policy.engine"].sudo()._evaluate(verdict, customer=True)[verdict]
        if not ok:
            raise UserError(
                request.env._(
                    "We cannot accept this return:\n%(reasons)s",
                    reasons="\n".join(dict.fromkeys(text for __, text in words)),
                )
            )
        ret = Return.with_context(revlog_customer_request=True).create(vals)
        ret.message_post(body=request.env._("Requested by the customer on the portal."))
        return ret

    def _revlog_parse_quantity(self, raw, line):
        """The quantity typed for ``line`` (a return wizard line) as a number, else a message for the form
        (never a server error). How much may be returned is the policy's quantity rule, checked after."""
        product = line.product_id.display_name
        try:
            qty = float((raw or "0").strip().replace(",", "."))
        except ValueError:
            raise UserError(request.env._("%(product)s: %(value)s is not a quantity.", product=product, value=raw))
        if not math.isfinite(qty) or not 0 <= qty <= LARGEST_NUMBER:
            raise UserError(request.env._("%(product)s: %(value)s is not a quantity.", product=product, value=raw))
        return qty
