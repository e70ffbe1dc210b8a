from lxml import etree

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestViews(TransactionCase):
    def test_years_show_without_a_thousands_separator(self):
        """A year is shown as 2026, not "2.026" as Vietnamese number format
        would print it (Odoo 19's option is enable_formatting)."""
        views = self.env["ir.ui.view"].search(
            [("model_data_id.module", "in", ("kpi_civil_service", "kpi_reports")), ("type", "in", ("form", "list"))]
        )
        checked = 0
        for view in views:
            model = self.env[view.model]
            arch = etree.fromstring(model.get_view(view.id, view.type)["arch"])
            for node in arch.iter("field"):
                field = model._fields.get(node.get("name"))
                if field and field.type == "integer" and field.name == "year":
                    with self.subTest(view=view.xml_id):
                        options = node.get("options", "").replace(" ", "").lower()
                        self.assertIn("'enable_formatting':false", options)
                    checked += 1
        self.assertGreater(checked, 8)

    def test_no_two_fields_of_a_form_share_a_vietnamese_label(self):
        """Side by side on a form, two fields with one label mislead whoever
        reads them (Odoo checks the English labels only)."""
        data = self.env["ir.model.data"].search(
            [("module", "in", ("kpi_civil_service", "kpi_reports")), ("model", "=", "ir.model.fields")]
        )
        ours = self.env["ir.model.fields"].browse(data.mapped("res_id")).filtered(lambda f: f.model in self.env)
        self.assertGreater(len(ours), 300)
        for model_name in set(ours.mapped("model")):
            mine = set(ours.filtered(lambda f, model_name=model_name: f.model == model_name).mapped("name"))
            labels = {}
            fields = self.env[model_name].with_context(lang="vi_VN").fields_get(attributes=["string"])
            for name, description in fields.items():
                labels.setdefault(description["string"], []).append(name)
            for label, names in labels.items():
                if len(names) > 1 and mine & set(names):
                    with self.subTest(model=model_name, label=label):
                        self.fail(f"{model_name}: {names} are all labelled {label!r}")
