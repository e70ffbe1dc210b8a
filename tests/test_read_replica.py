"""The read replica in use, run as `make scale` does: a primary and its
streaming replica, Odoo with 4 workers, a cron worker and
--db_replica_host/--db_replica_port, under the load test and the reports.
What each server served is read from Odoo's log (the cursor of each request)
and from PostgreSQL's own statistics; then the replica is stopped in the
middle of a second run."""

import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
# the screens and prints of the run, which the replica must serve, and the writes
READS = (
    "kpi.province.report.get_report",  # the province's annual report
    "hr.department.web_search_read",  # the KPI overview
    "kpi.score.web_search_read",  # the scores, as a list
    "kpi.score.web_read_group",  # and as a pivot
    "kpi.diary.line.web_search_read",  # my diary, diaries to approve
    "kpi.diary.line.web_read_group",
    "/report/pdf",  # the KPI sheet, printed
)
WRITES = ("kpi.diary.line.create", "kpi.diary.line.action_submit", "kpi.diary.line.action_approve")
WORKERS = 4


def test_read_replica_serves_the_reads_and_its_loss_loses_nothing(tmp_path):
    report_path = tmp_path / "scale.json"
    env = {**os.environ, "SCALE_JSON": str(report_path), "KPI_SCALE_SECONDS": "40"}
    run = subprocess.run(
        ["bash", str(ROOT / "scripts" / "scale.sh")], env=env, capture_output=True, text=True, timeout=1800
    )
    assert report_path.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(report_path.read_text(encoding="utf-8"))
    assert (result["workers"], result["cron_workers"]) == (WORKERS, 1)

    # 1. the replica up: no error, each read on the replica, each write on the primary
    up = result["with_replica"]
    assert up["errors"] == [] and up["odoo_log"]["errors"] == [], up
    served = up["odoo_log"]["served"]
    for name in READS:
        assert served.get(name) and set(served[name]) == {"ro"}, (name, served.get(name))
    for name in WRITES:
        assert served.get(name) and set(served[name]) == {"rw"}, (name, served.get(name))
    assert up["odoo_log"]["fell_back_to_the_primary"] == up["odoo_log"]["retried_on_the_primary"] == 0
    # PostgreSQL's own counters agree: the replica ran the reports' queries and
    # wrote nothing; the primary ran none of the annual report's queries and every save
    replica, primary = up["replica"], up["primary"]
    assert replica["statements"]["write"] == 0 and replica["rows_written"] == 0, replica
    assert replica["transactions"] > 0 and replica["statements"]["SELECT"] > 0, replica
    assert replica["select_calls_by_table"].get("kpi_year_result", 0) >= up["requests"]["province report"] > 0
    assert "kpi_year_result" not in primary["select_calls_by_table"], primary["select_calls_by_table"]
    assert replica["select_calls_by_table"].get("kpi_score", 0) > 0, replica["select_calls_by_table"]
    assert primary["write_calls_by_table"].get("INSERT kpi_diary_line", 0) >= up["lines_saved"] > 0, primary
    assert primary["rows_inserted"].get("kpi_diary_line", 0) >= up["lines_saved"], primary
    assert up["replica_log_errors"] == [], up["replica_log_errors"]

    # 2. the replica stopped a third of the way: at most the requests in flight
    # fail, with an answer; every later read is served by the primary
    down = result["replica_stopped"]
    assert down["errors_before_the_stop"] == 0 and down["errors_after_the_grace"] == 0, down["errors_at_the_stop"]
    assert len(down["errors"]) <= WORKERS, down["errors"]
    assert not any("timed out" in error for error in down["errors"]), down["errors"]
    assert 1 <= down["odoo_log"]["fell_back_to_the_primary"] <= WORKERS, down["odoo_log"]
    after = down["odoo_log"]["served"]
    for name in ("kpi.province.report.get_report", "kpi.diary.line.web_search_read", "/report/pdf"):
        assert "rw" in after.get(name, {}), (name, after.get(name))
    assert down["requests"]["save"] > 0 and down["requests"]["province report"] > 0

    # 3. nothing the server acknowledged is missing, and the replica started
    # again holds the same lines
    lost = result["nothing_lost"]
    assert lost["saved"] == up["lines_saved"] + down["requests"]["save"], lost
    assert (lost["missing"], lost["submitted_not_kept"], lost["approved_not_kept"]) == (0, 0, 0), lost
    assert lost["approved"] > 0, lost
    again = result["replica_started_again"]
    assert again["same_lines"] and again["lines"] == lost["saved"], again
    assert result["ok"] and run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "scale: ok" in run.stdout
