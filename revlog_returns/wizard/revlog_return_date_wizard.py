from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date


class RevlogReturnDateWizard(models.TransientModel):
    _name = "revlog.return.date.wizard"
    _inherit = ["revlog.input.mixin"]
    _description = "Change the Request Date of Returns"

    return_ids = fields.Many2many("revlog.return", string="Returns", required=True)
    date_request = fields.Date(string="Requested on", required=True)
    reason = fields.Text(required=True, help="Logged in the chatter of each return.")

    def action_confirm(self):
        """Returns managers only: a draft return's request date decides its return window, so moving it
        needs a reason, may not lie in the future nor before the order, and is logged."""
        self.ensure_one()
        returns = self.return_ids
        if not returns._is_returns_manager():
            raise AccessError(self.env._("Only a returns manager can change the request date of a return."))
        returns.check_access("write")
        returns._check_state({"draft"}, self.env._("change the request date of"))
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Write why the request date changes."))
        for ret in returns:
            company = ret.company_id
            if self.date_request > company._revlog_today():
                raise UserError(
                    self.env._(
                        "%(name)s: the request date %(date)s lies in the future.",
                        name=ret.name,
                        date=format_date(self.env, self.date_request),
                    )
                )
            order = ret.sale_order_id
            if order and self.date_request < company._revlog_local_date(order.date_order):
                raise UserError(
                    self.env._(
                        "%(name)s: the request date %(date)s precedes order %(order)s.",
                        name=ret.name,
                        date=format_date(self.env, self.date_request),
                        order=order.name,
                    )
                )
        returns._change_date_request(self.date_request, reason)
        return {"type": "ir.actions.act_window_close"}
