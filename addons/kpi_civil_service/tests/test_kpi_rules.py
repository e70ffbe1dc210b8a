"""The formulas of docs/rules.md with numbers worked out by hand."""

from datetime import date

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

    def test_unit_results_down_the_whole_hierarchy(self):
        """Head H -> deputy P -> staff S (not completed), and T under H (good).
        P's d = 50 (S below); H's d = 50 too: S is under H's management, even
        if not a direct report. With S on leave (no expected time): both 100."""
        managers = {"P": "H", "S": "P", "T": "H"}
        levels = {"H": "good", "P": "good", "S": "not_completed", "T": "good"}

        def level_with(leader, d):
            return "good" if d == 100 else "completed"

        everyone = {"H", "P", "S", "T"}
        self.assertEqual(r.unit_results(managers, levels, {"H", "P"}, everyone, level_with), {"P": 50.0, "H": 50.0})
        self.assertEqual(
            r.unit_results(managers, levels, {"H", "P"}, everyone - {"S"}, level_with), {"P": 100.0, "H": 100.0}
        )
        # a deputy whose own d drops him below "completed" pulls the head's d down with him
        self.assertEqual(
            r.unit_results(
                {"P": "H"}, {"H": "good", "P": "good"}, {"H", "P"}, {"H", "P"}, lambda leader, d: "not_completed"
            ),
            {"P": 100.0, "H": 50.0},
        )
        # a cycle of managers does not loop
        self.assertEqual(
            r.unit_results({"A": "B", "B": "A"}, {"A": "good", "B": "good"}, {"A"}, {"A", "B"}, level_with),
            {"A": 100.0},
        )

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
        # (28 + 1/3) + (61 + 2/3) is 90 exactly, 89.99999999999999 in floats: rounding removes the dust
        self.assertEqual(r.round_score(85 / 3 + 185 / 3), 90.0)
        self.assertEqual(r.level_for(r.round_score(69.999999999), ND335_BANDS), "good")
        self.assertEqual(r.lowest_level("excellent", "good"), "good")

    def test_rounding_truncates_by_default(self):
        """One rounding, applied once: truncation never lifts anyone into a higher band."""
        self.assertEqual(r.round_score(49.996), 49.99)
        self.assertEqual(r.round_score(89.9999), 89.99)
        self.assertEqual(r.round_score(49.996, "half_up"), 50.0)
        self.assertEqual(r.round_score(24.4276666), 24.42)
        self.assertEqual(r.round_score(0.29 * 100), 29.0, "0.29 x 100 is 28.999999999999996 in floats")

    def test_annual_score_rounded_once_on_the_printed_number(self):
        """Decree 335, 12 months (docs/rules.md, "Annual figures").
        general 15 each month; task 35 in 11 months and 34.95 in one:
        task mean = (11 x 35 + 34.95) / 12 = 419.95 / 12 = 34.995833...
        total = 49.995833... -> truncated 49.99 -> not completed (rounding
        half up would print 50.00 and make it "completed").
        general 30; task 60 x 11 + 59.95: mean 59.995833..., total 89.99 -> good."""
        general, task, total = r.annual_scores([15] * 12, [35] * 11 + [34.95], [], [])
        self.assertEqual((general, task, total), (15.0, 34.99, 49.99))
        self.assertEqual(r.level_for(total, ND335_BANDS), "not_completed")
        general, task, total = r.annual_scores([30] * 12, [60] * 11 + [59.95], [], [])
        self.assertEqual((general, task, total), (30.0, 59.99, 89.99))
        self.assertEqual(r.level_for(total, ND335_BANDS), "good")
        self.assertEqual(r.annual_scores([15] * 12, [35] * 11 + [34.95], [], [], "half_up")[2], 50.0)

    def test_quality_and_progress_against_the_work_assigned(self):
        """Decree 335 Art. 14. September: 9600 expected minutes.
        4800 approved minutes, no error: against the work assigned
        b = c = 4800 x 100 / 9600 = 50, a = 50: task (50 + 50 + 50) / 3 x 0.7 = 35;
        against the work done b = c = 100: (50 + 100 + 100) / 3 x 0.7 = 58.33."""
        base = r.assigned_minutes(9600, 0)
        b = r.share_of_assigned([(4800, 100)], base)
        self.assertEqual(b, 50.0)
        self.assertAlmostEqual(r.task_score_nd335(50, b, b, 70), 35.0)
        self.assertAlmostEqual(r.task_score_nd335(50, r.weighted_percent([(4800, 100)]), 100, 70), 58.3333, places=4)
        # assignments of 12000 minutes: the base is the larger, 12000; 9600 done -> 80
        self.assertEqual(r.assigned_minutes(9600, 12000), 12000)
        self.assertEqual(r.share_of_assigned([(9600, 100)], 12000), 80.0)
        # capped at 100, and nothing assigned gives 0
        self.assertEqual(r.share_of_assigned([(12000, 100)], 9600), 100.0)
        self.assertEqual(r.share_of_assigned([(100, 100)], 0), 0.0)

    def test_annual_totals(self):
        """Means 28.5 and 58.33 over 12 periods, no yearly criteria: 86.83, good;
        disciplined: not completed whatever the score; no period with expected
        time: only the yearly points (5 + 3) count; no rule set: no level."""
        bands = [("excellent", 90, True), ("good", 70, True), ("completed", 50, True)]
        self.assertEqual(
            r.annual_totals(12, 28.5, 58.33, [], [], False, "truncate", bands), (28.5, 58.33, 86.83, "good")
        )
        self.assertEqual(r.annual_totals(12, 28.5, 58.33, [], [], True, "truncate", bands)[3], "not_completed")
        self.assertEqual(
            r.annual_totals(0, 28.5, 58.33, [5], [3], False, "truncate", bands), (5, 3, 8, "not_completed")
        )
        self.assertEqual(r.annual_totals(12, 28.5, 58.33, [], [], False, "truncate", None)[3], False)

    def test_months_employed(self):
        """Hired 16 March 2026: 16 of March's 31 days + 9 whole months = 9.52;
        left 30 June: 6; no contract dates: the whole year."""
        self.assertEqual(r.months_employed([(date(2026, 3, 16), None)], 2026), 9.52)
        self.assertEqual(r.months_employed([(date(2020, 1, 1), date(2026, 6, 30))], 2026), 6.0)
        self.assertEqual(r.months_employed(None, 2026), 12.0)
        self.assertEqual(r.months_employed([(date(2027, 1, 1), None)], 2026), 0.0)
        # two contracts overlapping in March: January to March whole, then 15 of April's 30 days
        self.assertEqual(
            r.months_employed([(date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 3, 1), date(2026, 4, 15))], 2026), 3.5
        )
        # a gap of four days in January: 15 + 12 of 31 days
        self.assertEqual(
            r.months_employed([(date(2026, 1, 20), date(2026, 1, 31)), (date(2026, 1, 1), date(2026, 1, 15))], 2026),
            0.87,
        )
        # a contract inside another counts nothing more
        self.assertEqual(
            r.months_employed([(date(2026, 1, 1), None), (date(2026, 5, 1), date(2026, 5, 10))], 2026), 12.0
        )
        self.assertTrue(r.is_employed(date(2026, 3, 16), [(date(2026, 3, 16), None)]))
        self.assertFalse(r.is_employed(date(2026, 3, 13), [(date(2026, 3, 16), None)]))
        self.assertTrue(r.is_employed(date(2026, 3, 13), None))

    def test_period_percents_under_both_bases(self):
        """Expected 9,600 minutes. Approved: 600 minutes with 2 errors, 1,800
        with 1 delay, 1,200 of a late assignment (no delay entered), deduction 25 %.
        a = 3,600 / 9,600 = 37.5.
        Over the work done: b = (600 x 50 + 3,000 x 100) / 3,600 = 91.67;
        c = (600 x 100 + 1,800 x 75 + 1,200 x 75) / 3,600 = 79.17; with 2,400
        minutes of overdue assignments not done (one delay, 75 %):
        c = (285,000 + 2,400 x 75) / 6,000 = 77.5.
        Against the work assigned (the larger of 9,600 and 12,000 assigned):
        b = 330,000 / 12,000 = 27.5; c = 285,000 / 12,000 = 23.75."""
        groups = [(2, 0, False, False, 600), (0, 1, False, False, 1800), (0, 0, False, True, 1200)]
        self.assertEqual(r.period_percents(groups, 9600, 25, "done"), (37.5, 91.67, 79.17))
        self.assertEqual(r.period_percents(groups, 9600, 25, "done", overdue_minutes=2400), (37.5, 91.67, 77.5))
        self.assertEqual(r.period_percents(groups, 9600, 25, "assigned", 12000), (37.5, 27.5, 23.75))
        # an objective cause confirmed: no deduction; nothing approved: b = c = 0
        self.assertEqual(r.period_percents([(3, 2, True, True, 960)], 9600, 25, "done"), (10.0, 100.0, 100.0))
        self.assertEqual(r.period_percents([], 9600, 25, "assigned", 12000), (0.0, 0.0, 0.0))

    def test_annual_figures_from_the_facts(self):
        """Twelve months at general 20 and task 55 (75.00, good); a head who
        must register 2 tasks, the criterion 10 points (task section):
        one done, one not done -> 10 x 50 % = 5 points, 80.00, capped at completed;
        both done -> 10 points, 85.00, good; nobody required -> no effect, 75.00."""
        bands = [("excellent", 90, True), ("good", 70, True), ("completed", 50, True)]
        sums = r.period_sums([(20, 55, 1)] * 12)
        self.assertEqual(sums, (12, 12, 240, 660))

        def figures(results, required=2):
            breakthrough = (results, required, 50, (10, False), "completed")
            return r.annual_figures(sums, None, 2026, 6, [], False, "truncate", bands, breakthrough)

        capped = figures(["done", "not_done"])
        self.assertEqual(
            (capped["total_score"], capped["computed_level"], capped["breakthrough_points"]), (80.0, "completed", 5.0)
        )
        self.assertTrue(capped["breakthrough_unfulfilled"])
        full = figures(["done", "done"])
        self.assertEqual(
            (full["total_score"], full["computed_level"], full["breakthrough_unfulfilled"]), (85.0, "good", False)
        )
        nobody = r.annual_figures(sums, None, 2026, 6, [], False, "truncate", bands)
        self.assertEqual((nobody["total_score"], nobody["computed_level"]), (75.0, "good"))
        # nothing registered by someone who must: 0 points and the cap
        missing = figures([], required=1)
        self.assertEqual((missing["total_score"], missing["computed_level"]), (75.0, "completed"))
        # hired 1 October: 3 months employed, fewer than 6: not classified
        late = r.annual_figures(
            r.period_sums([(20, 55, 1)] * 3), [(date(2026, 10, 1), None)], 2026, 6, [], False, "truncate", bands
        )
        self.assertEqual((late["months_employed"], late["not_classified"]), (3.0, True))
        self.assertTrue(r.must_register_breakthrough("heads", True, "head"))
        self.assertFalse(r.must_register_breakthrough("heads", True, "deputy"))
        self.assertTrue(r.must_register_breakthrough("leaders", True, "deputy"))
        self.assertFalse(r.must_register_breakthrough("nobody", True, "head"))

    def test_decision_ceiling_and_quota(self):
        self.assertEqual(r.decision_ceiling("good", False), "good")
        self.assertEqual(r.decision_ceiling("excellent", True), "not_completed")  # disciplined
        self.assertEqual(r.decision_ceiling(False, False), "not_completed")  # no rule set, no band
        # 7 rated good, 20 %: 1.4 -> 1 allowed; 2 excellent exceed it
        self.assertEqual(r.quota_exceeded(["good"] * 7 + ["excellent"] * 2 + ["completed"], 20), (2, 1))
        self.assertEqual(r.quota_exceeded(["good"] * 7 + ["excellent"], 20, "up"), (1, 2))
