"""Open screens as a role does in the web client: the role's own view, then ``web_read`` of every field it
shows (relations with the names the client displays, one2many lists with their columns), and for buttons the
list or form they open."""

from lxml import etree

RELATIONAL = ("many2one", "many2many", "one2many", "many2one_reference")


class WebClientAssertions:
    def _view_spec(self, node, fields):
        """The ``web_read`` specification of the fields a view ``node`` shows (``fields``: their descriptions)."""
        spec = {}
        for field_node in node.iter("field"):
            # fields of a nested view belong to that view: take the outermost fields only
            parent = field_node.getparent()
            while parent is not None and parent is not node and parent.tag != "field":
                parent = parent.getparent()
            if parent is not None and parent is not node:
                continue
            name = field_node.get("name")
            description = fields.get(name)
            if not description:
                continue
            if description["type"] in ("many2one", "many2many"):
                spec[name] = {"fields": {"display_name": {}}}
            elif description["type"] == "one2many":
                subviews = [child for child in field_node if child.tag in ("list", "kanban", "form")]
                comodel_fields = self.env[description["relation"]].fields_get()
                sub_spec = self._view_spec(subviews[0], comodel_fields) if subviews else {"display_name": {}}
                spec[name] = {"fields": sub_spec}
            else:
                spec[name] = {}
        return spec

    def _open_as(self, user, records, view_type="form", view_id=False):
        """Open ``records`` in ``view_type`` as ``user`` the way the client does; returns what it read."""
        records = records.with_user(user)
        views = records.get_views([(view_id, view_type)])
        arch = etree.fromstring(views["views"][view_type]["arch"])
        spec = self._view_spec(arch, records.fields_get())
        return records.web_read(spec) if records else []

    def _open_action_as(self, user, action):
        """Open a window ``action`` (a dict, as a button returns it) as ``user``: its records in each of its list
        and form views."""
        Model = self.env[action["res_model"]].with_user(user)
        domain = action.get("domain") or []
        if isinstance(domain, str):
            domain = []  # evaluated by the client: the form's res_id or the whole model below
        records = Model.browse(action["res_id"]) if action.get("res_id") else Model.search(domain, limit=80)
        opened = {}
        for view_id, view_type in action.get("views") or [(False, "list"), (False, "form")]:
            if view_type in ("list", "form"):
                opened[view_type] = self._open_as(
                    user, records if view_type == "list" else records[:1], view_type, view_id
                )
        return opened
