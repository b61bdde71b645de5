from odoo import api, models


class RevlogMassAction(models.Model):
    _inherit = "revlog.mass.action"

    @api.model
    def _mass_methods(self):
        return {
            **super()._mass_methods(),
            ("revlog.return", "action_create_refunds"): self.env._("Credit now"),
            ("revlog.return", "action_post_refunds"): self.env._("Post credit notes"),
        }
