from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestKpiUi(HttpCase):
    def test_kpi_menu_tour(self):
        """An administrator logs in, opens the KPI app and its sectors."""
        self.start_tour("/odoo", "kpi_menu_tour", login="admin")
