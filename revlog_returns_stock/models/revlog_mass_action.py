from odoo import api, models


class RevlogMassAction(models.Model):
    _inherit = "revlog.mass.action"

    @api.model
    def _mass_methods(self):
        return {
            **super()._mass_methods(),
            ("revlog.return", "action_validate_receipts"): self.env._("Validate receipts"),
            ("revlog.return", "action_validate_dispositions"): self.env._("Validate dispositions"),
        }
