"""The formulas of SPEC §2 with numbers worked out by hand."""

from odoo.tests import BaseCase, tagged

from .. import kpi_rules as r

ND335_BANDS = [("excellent", 90, True), ("good", 70, True), ("completed", 50, True)]
KH1636_BANDS = [("excellent", 90, True), ("good", 80, False), ("completed", 50, True)]


@tagged("post_install", "-at_install")
class TestKpiRules(BaseCase):
    def test_converted_minutes(self):
        # 3 documents x 60 standard minutes x coefficient 1.2 = 216 minutes
        self.assertAlmostEqual(r.converted_minutes(3, 60, 1.2), 216.0)

    def test_quantity_percent_is_capped(self):
        self.assertAlmostEqual(r.quantity_percent(3600, 9600), 37.5)
        self.assertEqual(r.quantity_percent(12000, 9600), 100.0)
        self.assertEqual(r.quantity_percent(100, 0), 0.0)

    def test_item_percent_deductions(self):
        self.assertEqual(r.item_percent(0, 25), 100.0)
        self.assertEqual(r.item_percent(2, 25), 50.0)
        self.assertEqual(r.item_percent(5, 25), 0.0)  # never below 0
        self.assertEqual(r.item_percent(3, 25, objective_cause=True), 100.0)

    def test_weighted_percent(self):
        # 600 min at 50 %, 1800 at 100 %, 1200 at 100 % -> 330000 / 3600
        self.assertAlmostEqual(r.weighted_percent([(600, 50), (1800, 100), (1200, 100)]), 91.6667, places=4)
        self.assertEqual(r.weighted_percent([]), 0.0)

    def test_task_scores(self):
        # staff: (37.5 + 91.67 + 87.5) / 3 x 70 / 100 = 50.56
        self.assertAlmostEqual(r.task_score_nd335(37.5, 330000 / 3600, 87.5, 70), 50.5556, places=4)
        # leader: (60 + 100 + 100 + 50 + 80 + 90) / 6 x 70 / 100 = 56
        self.assertAlmostEqual(r.task_score_nd335(60, 100, 100, 70, (50, 80, 90)), 56.0)
        # Khanh Hoa: 37.5 % x 70 = 26.25 for staff, 60 % x 50 = 30 for leaders
        self.assertAlmostEqual(r.task_score_kh1636(37.5, 70), 26.25)
        self.assertAlmostEqual(r.task_score_kh1636(60, 50), 30.0)

    def test_unit_result(self):
        self.assertEqual(r.unit_result_percent(["good", "completed"]), 100.0)
        self.assertEqual(r.unit_result_percent(["excellent", "not_completed"]), 50.0)
        self.assertEqual(r.unit_result_percent([]), 100.0)

    def test_levels_decree_335(self):
        for score, level in [
            (49.99, "not_completed"),
            (50, "completed"),
            (69.99, "completed"),
            (70, "good"),
            (89.99, "good"),
            (90, "excellent"),
            (100, "excellent"),
        ]:
            self.assertEqual(r.level_for(score, ND335_BANDS), level, score)

    def test_levels_khanh_hoa_1636(self):
        for score, level in [
            (49.99, "not_completed"),
            (50, "completed"),
            (80, "completed"),
            (80.01, "good"),
            (89.99, "good"),
            (90, "excellent"),
        ]:
            self.assertEqual(r.level_for(score, KH1636_BANDS), level, score)

    def test_level_ignores_float_dust(self):
        self.assertEqual(r.level_for(69.999999999, ND335_BANDS), "good")
        self.assertEqual(r.lowest_level("excellent", "good"), "good")
