"""Background jobs survive a crash: a real Odoo server with a cron
thread runs a job on the small benchmark province; the server is killed with
SIGKILL in the middle, and what was committed is checked unit by unit: every
period is computed whole or not at all, every batch of assessments is there
whole or not at all. A restarted server finishes the job.

Runs after test_bench_small, which builds the database kpi_bench_small (it
is built here otherwise)."""

import signal
import socket
import time
import urllib.request

import odoo_tools
import pytest

DB = "kpi_bench_small"


def sql(query):
    return odoo_tools.sql(DB, query)


def counts(query):
    """{key: count} of a two-column query."""
    return {int(key): int(count) for key, count in sql(query)}


@pytest.fixture(scope="module")
def province():
    try:
        built = sql("select value from ir_config_parameter where key = 'kpi_bench.built'")
    except AssertionError:  # no such database yet
        built = []
    if built != [["small"]]:
        odoo_tools.bash('bash "$0/scripts/bench.sh"', env={"BENCH_SCALE": "small", "BENCH_FIGURES": "none"})
    sql("delete from kpi_job")
    # one period (or one batch of 20 assessments) per committed unit, so that
    # a job has many units and a kill lands in the middle of one
    for key, value in (
        ("kpi_civil_service.inline_people_limit", "0"),
        ("kpi_civil_service.job_people_per_unit", "1"),
        ("kpi_civil_service.campaign_batch_size", "20"),
    ):
        sql(
            f"insert into ir_config_parameter (key, value, create_date, write_date) "
            f"values ('{key}', '{value}', now(), now()) on conflict (key) do update set value = excluded.value"
        )
    yield
    sql(
        "delete from ir_config_parameter where key in ('kpi_civil_service.inline_people_limit', "
        "'kpi_civil_service.job_people_per_unit', 'kpi_civil_service.campaign_batch_size')"
    )


class Server:
    """Odoo with one cron thread on a free loopback port."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = odoo_tools.server(
            DB, "--max-cron-threads=1", f"--http-port={self.port}", "--http-interface=127.0.0.1", "--log-level=warn"
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/web/health", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=60)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


def job_state(job_id):
    state, done, total = sql(
        f"select state, coalesce(done_count, 0), coalesce(total, 0) from kpi_job where id = {job_id}"
    )[0]
    return state, int(done), int(total)


def wait_for(job_id, test, timeout=300):
    deadline = time.monotonic() + timeout
    notified = 0.0
    while time.monotonic() < deadline:
        state = job_state(job_id)
        if test(*state):
            return state
        if time.monotonic() - notified > 1:
            # the cron thread listens only once the server is up, and otherwise
            # looks for jobs once a minute: wake it
            sql(f"NOTIFY cron_trigger, '{DB}'")
            notified = time.monotonic()
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} stayed {job_state(job_id)}")


def kill_after(job_id, units):
    """Runs a server until the job has committed `units` units, then kills it;
    the job as the kill left it (one more unit may have been committed
    between the last look and the kill)."""
    server = Server()
    try:
        wait_for(job_id, lambda state, done, total: done >= units)
    finally:
        server.kill()
    return job_state(job_id)


def finish(job_id):
    """Runs a server until the job is no longer queued or running."""
    server = Server()
    try:
        return wait_for(job_id, lambda state, done, total: state not in ("queued", "running"))
    finally:
        server.stop()


def queue(code):
    """The id of the job that this Odoo shell code queues (its action's res_id)."""
    return int(odoo_tools.shell(DB, f"{code}\nenv.cr.commit()\nprint(action['res_id'])\n").split()[-1])


def test_a_compute_killed_midway_leaves_whole_periods_and_resumes(province):
    sql("delete from kpi_score")
    sql("update kpi_period set date_computed = null, needs_recompute = false")
    job_id = queue(
        "periods = env['kpi.period'].search([('date_from', '>=', '2026-01-01')])\n"
        "action = periods.action_compute_scores()"
    )
    state, done, total = kill_after(job_id, 3)
    assert state == "running" and done < total, (state, done, total)
    # nothing half-written: a period is either computed with all its people, or untouched and still pending
    pending = {
        int(row[0]) for row in sql(f"select kpi_period_id from kpi_job_pending_period_rel where kpi_job_id = {job_id}")
    }
    people = counts(
        "select p.id, count(e.id) from kpi_period p join hr_employee e on e.company_id = p.company_id "
        "where p.date_from >= '2026-01-01' group by p.id"
    )
    scores = counts("select period_id, count(*) from kpi_score group by period_id")
    computed = {int(row[0]) for row in sql("select id from kpi_period where date_computed is not null")}
    assert len(people) == total
    for period, count in people.items():
        if period in pending:
            assert period not in computed and period not in scores, period
        else:
            assert period in computed and scores.get(period) == count, period
    assert len(people) - len(pending) == done
    # a restarted server finishes the job
    state, done, total = finish(job_id)
    assert (state, done) == ("done", total)
    assert counts("select period_id, count(*) from kpi_score group by period_id") == people


def test_a_campaign_killed_midway_resumes_without_duplicates(province):
    sql("delete from kpi_assessment_line; delete from kpi_assessment; delete from kpi_assessment_campaign")
    job_id = queue(
        "company = env['kpi.period'].search([], limit=1).company_id\n"
        "campaign = env['kpi.assessment.campaign'].create({'year': 2026, 'company_id': company.id, "
        "'rule_set_id': company.kpi_rule_set_id.id})\n"
        "action = campaign.action_generate()"
    )
    state, done, total = kill_after(job_id, 2)
    assert state == "running" and done < total - 1, (state, done, total)
    (created,) = sql("select count(*) from kpi_assessment")[0]
    assert int(created) % 20 == 0, "whole batches only"
    state, done, total = finish(job_id)
    assert (state, done) == ("done", total)
    (people, assessments, distinct) = sql(
        "select (select count(*) from hr_employee e join kpi_assessment_campaign c on c.company_id = e.company_id "
        "where e.active), count(*), count(distinct employee_id) from kpi_assessment"
    )[0]
    assert int(assessments) == int(distinct) == int(people)
