"""The law's formulas, as plain functions (SPEC §2). No ORM here: the models
gather the numbers in one set-based pass and call these; the tests call them
directly with the numbers of the decrees.

Percentages are 0-100, scores are points on the 100-point scale.
"""

import math

LEVELS = ("excellent", "good", "completed", "not_completed")
LEVEL_RANK = {level: rank for rank, level in enumerate(reversed(LEVELS))}  # not_completed 0 ... excellent 3


def converted_minutes(quantity, standard_minutes, coefficient):
    """Converted minutes of a piece of work = quantity x time norm x coefficient."""
    return quantity * standard_minutes * coefficient


def quantity_percent(approved_minutes, expected_minutes):
    """a = min(100, 100 x approved converted minutes / expected minutes)."""
    if expected_minutes <= 0:
        return 0.0
    return min(100.0, 100.0 * approved_minutes / expected_minutes)


def item_percent(count, deduction_percent, objective_cause=False):
    """One item's quality (count = major errors) or progress (count = delays):
    each takes `deduction_percent` off, never below 0; none where the competent
    person confirmed an objective cause."""
    if objective_cause:
        return 100.0
    return max(0.0, 100.0 - deduction_percent * count)


def weighted_percent(items):
    """b or c: the average of item percents weighted by converted minutes.
    `items` are (weight, percent) pairs; no weight gives 0."""
    total_weight = sum(weight for weight, _percent in items)
    if total_weight <= 0:
        return 0.0
    return sum(weight * percent for weight, percent in items) / total_weight


def unit_result_percent(subordinate_levels):
    """d for a leader: 100 if every subordinate reached at least "completed"
    in the period, else 50."""
    return 100.0 if all(level != "not_completed" for level in subordinate_levels) else 50.0


def task_score_nd335(a, b, c, task_max, leader_parts=None):
    """Decree 335/233 task score. Staff: (a + b + c) / 3 x task_max / 100.
    Leaders: (a + b + c + d + đ + e) / 6 x task_max / 100, with
    leader_parts = (d, đ, e)."""
    parts = [a, b, c, *(leader_parts or ())]
    return sum(parts) / len(parts) * task_max / 100.0


def task_score_kh1636(kpi_percent, points):
    """Khanh Hoa 1636: task score = KPI % x points / 100 (70 for staff,
    50 for leaders, whose leadership capacity is scored once a year)."""
    return kpi_percent * points / 100.0


def level_for(score, bands):
    """The level of a score under a rule set's bands: (level, min_score,
    min_inclusive) triples. The highest band whose minimum the score reaches
    wins; below every band the level is "not completed"."""
    score = round(score, 2)  # scores are kept to two decimals; no float dust at a boundary
    for level, min_score, min_inclusive in sorted(bands, key=lambda band: band[1], reverse=True):
        if score > min_score or (min_inclusive and score == min_score):
            return level
    return "not_completed"


def lowest_level(*levels):
    """The lowest of some levels (e.g. a head's level capped by the unit's)."""
    return min(levels, key=LEVEL_RANK.__getitem__)


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def annual_scores(period_generals, period_tasks, yearly_general_points, yearly_task_points):
    """The annual score (SPEC §2): the means of the period general and task
    scores over the periods worked, plus the final points of the criteria
    scored once a year. Returns (general, task, total)."""
    general = mean(period_generals) + sum(yearly_general_points)
    task = mean(period_tasks) + sum(yearly_task_points)
    return general, task, general + task


def max_excellent(good_count, quota_percent, rounding="down"):
    """How many may be rated excellent: quota % of the number rated good,
    rounded down by default (or to the nearest, or up)."""
    exact = good_count * quota_percent / 100.0
    if rounding == "up":
        return math.ceil(exact - 1e-9)
    if rounding == "nearest":
        return math.floor(exact + 0.5)
    return math.floor(exact + 1e-9)
