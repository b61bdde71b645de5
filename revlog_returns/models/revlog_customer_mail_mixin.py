from odoo import models


class RevlogCustomerMailMixin(models.AbstractModel):
    """The customer hears from each step of their return: one mail template per step, each switchable per
    company in Settings > Returns (``revlog_mail_<step>`` on the company)."""

    _name = "revlog.customer.mail.mixin"
    _description = "Mails to the Customer of a Return"

    def _revlog_notify_customer(self, step, template_xmlid=None):
        """Mail the customer of each record about ``step`` (requested, approved, received, rejected,
        refunded) where the company sends that mail. Sent by the step itself, as the system: the warehouse
        user validating a receipt needs no right on returns for the customer to hear of it."""
        template = self.env.ref(
            template_xmlid or f"revlog_returns.mail_template_return_{step}", raise_if_not_found=False
        )
        if not template:
            return
        flag = f"revlog_mail_{step}"
        for record in (
            self.sudo()
            .filtered(lambda r: r.company_id[flag] and r.partner_id.email)
            .with_context(revlog_customer_mail=True)
        ):
            record.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
