"""The law's formulas, as plain functions (docs/rules.md). No ORM here: the models
gather the numbers in one set-based pass and call these; the tests call them
directly with the numbers of the decrees.

Percentages are 0-100, scores are points on the 100-point scale.
"""

import calendar
import math
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

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


def share_of_assigned(items, assigned_minutes):
    """b or c measured against the work assigned (Decree 335 Art. 14): the
    converted minutes of approved work, each at its item percent, over the
    converted minutes assigned; capped at 100. `items` are (weight, percent)."""
    if assigned_minutes <= 0:
        return 0.0
    return min(100.0, sum(weight * percent for weight, percent in items) / assigned_minutes)


def assigned_minutes(expected_minutes, assignment_minutes):
    """The work assigned in a period: the larger of the expected time and the
    converted minutes of the period's assignments."""
    return max(expected_minutes, assignment_minutes)


def weighted_percent(items):
    """b or c: the average of item percents weighted by converted minutes.
    `items` are (weight, percent) pairs; no weight gives 0."""
    total_weight = sum(weight for weight, _percent in items)
    if total_weight <= 0:
        return 0.0
    return sum(weight * percent for weight, percent in items) / total_weight


def period_percents(
    approved_groups, expected_minutes, deduction_percent, quality_base, assignment_minutes=0.0, overdue_minutes=0.0
):
    """(a, b, c) of a period, each to 2 decimals as they are stored.
    approved_groups: (errors, delays, objective cause, late assignment,
    converted minutes) of the approved work; expected_minutes: the time the
    person was expected to work. No approved work gives b = c = 0.
    quality_base "assigned" (Decree 335 Art. 14): b and c are shares of the
    work assigned (assigned_minutes), so an overdue assignment not done counts
    as assigned work done at 0 %. Otherwise they are averages over the approved
    work weighted by minutes, and the overdue assignments not done count as
    work with one delay. A line of a late assignment counts at least one delay."""
    quality_items, progress_items, approved = [], [], 0.0
    for errors, delays, objective_cause, late, minutes in approved_groups:
        minutes = float(minutes)
        approved += minutes
        quality_items.append((minutes, item_percent(errors, deduction_percent, objective_cause)))
        progress_items.append((minutes, item_percent(max(delays, int(late)), deduction_percent, objective_cause)))
    a = quantity_percent(approved, expected_minutes)
    if not approved:
        b = c = 0.0
    elif quality_base == "assigned":
        base = assigned_minutes(expected_minutes, assignment_minutes)
        b = share_of_assigned(quality_items, base)
        c = share_of_assigned(progress_items, base)
    else:
        if overdue_minutes:
            progress_items.append((float(overdue_minutes), item_percent(1, deduction_percent)))
        b = weighted_percent(quality_items)
        c = weighted_percent(progress_items)
    return round(a, 2), round(b, 2), round(c, 2)


def unit_result_percent(subordinate_levels):
    """d for a leader: 100 if every person under the leader's management (those
    with expected time in the period) reached at least "completed", else 50;
    100 when there is nobody."""
    return 100.0 if all(level != "not_completed" for level in subordinate_levels) else 50.0


def unit_results(managers, levels, leaders, counted, level_with):
    """d of every leader (docs/rules.md, "Leader parts"), settled from the bottom of the hierarchy up,
    since a deputy's level depends on his own d.
    managers: {person: their manager}; levels: {person: level in the period};
    leaders: the people scored as leaders; counted: the people with expected
    time in the period; level_with(leader, d): the leader's level with that d.
    Returns {leader: d}."""
    children = {}
    for person, manager in managers.items():
        children.setdefault(manager, []).append(person)
    levels = dict(levels)
    results = {}

    def settle(person, path):
        below = []
        for child in children.get(person, ()):
            if child not in path:  # a cycle of managers stops here
                below.append(child)
                below.extend(settle(child, path | {child}))
        if person in leaders:
            results[person] = unit_result_percent(levels[e] for e in below if e in counted)
            levels[person] = level_with(person, results[person])
        return below

    for person in levels:
        if managers.get(person) not in levels:
            settle(person, {person})
    for leader in leaders:
        if leader not in results:  # in a cycle of managers
            settle(leader, {leader})
    return results


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


def round_score(value, rule="truncate"):
    """A score as it is printed and decided on, to 2 decimals, by the rule set's
    rule: "truncate" (the default: never lifts anyone into a higher band) or
    "half_up". Float dust (89.99999999999999 for 90) is removed first."""
    exact = Decimal(repr(round(value, 6)))
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN if rule == "truncate" else ROUND_HALF_UP))


def level_for(score, bands):
    """The level of a score under a rule set's bands: (level, min_score,
    min_inclusive) triples. The highest band whose minimum the score reaches
    wins; below every band the level is "not completed". The score is the
    rounded one (round_score), the number people see."""
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


def period_task_score(method, is_leader, percents, task_max, leader_kpi_points):
    """The task score of a period, before rounding. `percents` are a, b, c and,
    for leaders, d, đ, e. Decree 335 scores them all; Khanh Hoa 1636 scores a
    alone, on the leaders' own points."""
    a, b, c, *leader_parts = percents
    if method == "kh1636":
        return task_score_kh1636(a, leader_kpi_points if is_leader else task_max)
    return task_score_nd335(a, b, c, task_max, leader_parts if is_leader else None)


def period_totals(method, is_leader, percents, general, task_max, leader_kpi_points, rounding, bands):
    """(task score, total, level) of a period: the task score and the total
    (general + task) each rounded once by the rule set's rule, and the level
    decided on the total that is shown."""
    task = round_score(period_task_score(method, is_leader, percents, task_max, leader_kpi_points), rounding)
    total = round_score(general + task, rounding)
    return task, total, level_for(total, bands)


def annual_scores(period_generals, period_tasks, yearly_general_points, yearly_task_points, rule="truncate"):
    """The annual score (docs/rules.md, "Annual figures"): the means of the period general and task
    scores over the periods with expected time, plus the final points of the
    criteria scored once a year. The total is rounded once by the rule set's
    rule and the level is decided on it; general is rounded the same way and
    task is the rest, so the three printed numbers add up.
    Returns (general, task, total)."""
    general = mean(period_generals) + sum(yearly_general_points)
    task = mean(period_tasks) + sum(yearly_task_points)
    total = round_score(general + task, rule)
    general = round_score(general, rule)
    return general, round(total - general, 2), total


def annual_totals(
    periods_worked, general_mean, task_mean, yearly_general, yearly_task, overridden, rule, bands, cap=None
):
    """What an annual assessment stores from its figures (docs/rules.md, "Annual figures"):
    (general, task, total, computed level). The period means count only when
    the person had periods with expected time; disciplined or degraded (for
    leaders also their unit's corruption or waste) is "not completed" whatever
    the score; no bands (no rule set yet) is no level; `cap` is the highest
    level allowed (a breakthrough task not done)."""
    general, task, total = annual_scores(
        [general_mean] if periods_worked else [],
        [task_mean] if periods_worked else [],
        yearly_general,
        yearly_task,
        rule,
    )
    if overridden:
        level = "not_completed"
    else:
        level = level_for(total, bands) if bands is not None else False
    if cap and level:
        level = lowest_level(level, cap)
    return general, task, total, level


def breakthrough_outcome(results, required_count, partly_percent):
    """A leader's breakthrough tasks of a year (Hai Duong): each task done
    counts 100, partly done `partly_percent`, not done (or not confirmed) 0,
    and each task short of the `required_count` to register 0 too. Returns
    (percent, fulfilled): their mean, and whether none is not done or missing.
    Nothing registered and nothing required is (None, True): no effect."""
    results = list(results)
    slots = results + ["not_done"] * max(0, required_count - len(results))
    if not slots:
        return None, True
    values = {"done": 100.0, "partly": float(partly_percent)}
    percent = sum(values.get(result, 0.0) for result in slots) / len(slots)
    return percent, all(result in values for result in slots)


def breakthrough_points(max_points, percent):
    """The points of the breakthrough criterion: its maximum x the percent, to 2 decimals (down)."""
    return round_score(max_points * percent / 100.0)


def must_register_breakthrough(required, is_leader, position_type):
    """Whether a person registers breakthrough tasks: `required` is the rule
    set's setting ("nobody", "heads" or "leaders", heads and deputies)."""
    if required == "leaders":
        return bool(is_leader)
    if required == "heads":
        return position_type == "head"
    return False


def period_sums(periods):
    """(count, months, general sum, task sum) of some periods given as
    (general, task, months): what annual_figures needs of them (the engine
    has the database add them up)."""
    periods = list(periods)
    return (
        len(periods),
        sum(months for _general, _task, months in periods),
        sum(general for general, _task, _months in periods),
        sum(task for _general, task, _months in periods),
    )


def annual_figures(sums, intervals, year, min_months, yearly_points, overridden, rounding, bands, breakthrough=None):
    """Every figure an annual assessment stores, from the raw facts of the year:
    sums: period_sums of the period scores with expected working time (a
    quarter is 3 months); the means run over them; intervals: the employment intervals
    (months_employed); yearly_points: (is general, points) of the yearly
    criteria other than the breakthrough one; breakthrough: None, or
    (results, required count, partly percent, the criterion's (max points,
    is general) or None, cap level) for a person who must register.
    Returns a dict of the stored figures, with "breakthrough_points": the
    points of the breakthrough criterion, or None to leave them as they are."""
    count, months, general_sum, task_sum = sums
    employed = months_employed(intervals, year)
    figures = {
        "periods_worked": count,
        "months_worked": months,
        "months_employed": employed,
        "period_general_mean": general_sum / count if count else 0.0,
        "period_task_mean": task_sum / count if count else 0.0,
        "not_classified": not count or employed < min_months,
        "breakthrough_unfulfilled": False,
        "breakthrough_points": None,
    }
    yearly_points = list(yearly_points)
    cap = None
    if breakthrough is not None:
        results, required_count, partly_percent, criterion, cap_level = breakthrough
        percent, fulfilled = breakthrough_outcome(results, required_count, partly_percent)
        if percent is not None:
            figures["breakthrough_unfulfilled"] = not fulfilled
            cap = None if fulfilled else cap_level
            if criterion is not None:
                max_points, is_general = criterion
                figures["breakthrough_points"] = breakthrough_points(max_points, percent)
                yearly_points.append((is_general, figures["breakthrough_points"]))
    (
        figures["general_score"],
        figures["task_score"],
        figures["total_score"],
        figures["computed_level"],
    ) = annual_totals(
        count,
        figures["period_general_mean"],
        figures["period_task_mean"],
        [points for is_general, points in yearly_points if is_general],
        [points for is_general, points in yearly_points if not is_general],
        overridden,
        rounding,
        bands,
        cap,
    )
    return figures


def months_employed(intervals, year):
    """Months of `year` in which a person was employed, counting a part of a
    month by its days (hired 16 March: 16/31 of March). `intervals` are
    (start, end) dates, None for open ends, and may overlap; None alone means
    no contract dates are known, so employed all year."""
    if intervals is None:
        return 12.0
    months = 0.0
    for month in range(1, 13):
        length = calendar.monthrange(year, month)[1]
        first, last = date(year, month, 1), date(year, month, length)
        days, counted_to = 0, None  # the days of the month so far, up to counted_to
        for lo, hi in sorted((max(first, start or first), min(last, end or last)) for start, end in intervals):
            if counted_to is not None and lo <= counted_to:
                lo = counted_to + timedelta(days=1)
            if lo <= hi:
                days += (hi - lo).days + 1
                counted_to = hi
        months += days / length
    return round(months, 2)


def is_employed(day, intervals):
    """Whether `day` falls in one of the employment intervals (None: always)."""
    return intervals is None or any((start or day) <= day <= (end or day) for start, end in intervals)


def max_excellent(good_count, quota_percent, rounding="down"):
    """How many may be rated excellent: quota % of the number rated good,
    rounded down by default (or to the nearest, or up)."""
    exact = good_count * quota_percent / 100.0
    if rounding == "up":
        return math.ceil(exact - 1e-9)
    if rounding == "nearest":
        return math.floor(exact + 0.5)
    return math.floor(exact + 1e-9)


def decision_ceiling(computed_level, overridden):
    """The highest level a decision may give (docs/rules.md, "Decision
    ceiling"): the level of the score (its band, then the breakthrough cap, as
    annual_totals gives it); "not completed" when an override applies or
    there is no level. A person not classified gets no level at all, which
    the decision checks before."""
    if overridden or not computed_level:
        return "not_completed"
    return computed_level


def quota_exceeded(levels, quota_percent, rounding="down"):
    """The quota of excellent over the decided levels of one agency, group of
    similar tasks and year: (excellent, allowed), allowed = max_excellent of
    the number rated good; exceeded when excellent > allowed."""
    levels = list(levels)
    return levels.count("excellent"), max_excellent(levels.count("good"), quota_percent, rounding)


def not_classified_cause(periods_worked, employed_months, min_months):
    """Why a person is not classified: "no_period" (no period with expected
    working time in the year), "few_months" (employed fewer months than the
    rule set's minimum), or None when classified."""
    if not periods_worked:
        return "no_period"
    if employed_months < min_months:
        return "few_months"
    return None


def consecutive_run(years, last_year):
    """The years of `years` that run without a gap up to `last_year`
    (included), oldest first: [] when `last_year` is not among them."""
    years = set(years)
    run = []
    year = last_year
    while year in years:
        run.insert(0, year)
        year -= 1
    return run


# Law on Cadres and Civil Servants: dismissal after two consecutive years "not completed"
CONSECUTIVE_YEARS_NOT_COMPLETED = 2


def repeated_not_completed(not_completed_years, last_year, required_years=CONSECUTIVE_YEARS_NOT_COMPLETED):
    """The consecutive years "not completed" ending at `last_year`, when there
    are at least `required_years` of them (the rule set's setting, 2 by
    default); [] otherwise."""
    run = consecutive_run(not_completed_years, last_year)
    return run if len(run) >= required_years else []


def share_percent(count, total):
    """The share of `count` in `total`, in %, to 2 decimals (0 of nobody)."""
    return round(100.0 * count / total, 2) if total else 0.0
