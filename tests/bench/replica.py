"""The read replica in use, run by scripts/scale.sh (`make scale`) on a
primary and its streaming replica: Odoo with 4 workers, a cron worker and
--db_replica_host, under the load test and the reports at once. What each
server served is read from PostgreSQL's own statistics (pg_stat_statements,
pg_stat_user_tables, pg_stat_database) and logs. A second run stops the
replica in the middle; then nothing the server acknowledged may be missing,
and the replica, started again, catches up."""

import itertools
import os
import random
import re
import subprocess
import time

import psycopg2

from odoo import Command

from .figures import LOAD_NAME, Client, Load, call_kw, drop_test_lines, free_port, odoo_server
from .province import MONTH, log

WORKERS = 4
YEAR = MONTH[0].year
PROVINCE_LOGIN = "scale_province"
OVERVIEW_SPEC = {"name": {}, "kpi_average_score": {}, "kpi_people_count": {}, "kpi_warning_count": {}}
SCORE_SPEC = {"employee_id": {"fields": {"display_name": {}}}, "period_id": {}, "total_score": {}, "level": {}}
# the requests of the screens and prints, which the replica serves, and those that write
READ_REQUESTS = (
    "kpi.province.report.get_report",
    "hr.department.web_search_read",
    "kpi.score.web_search_read",
    "kpi.score.web_read_group",
    "kpi.diary.line.web_search_read",
    "kpi.diary.line.web_read_group",
    "/report/pdf",
)
WRITE_REQUESTS = ("kpi.diary.line.create", "kpi.diary.line.action_submit", "kpi.diary.line.action_approve")
TABLE_READ = re.compile(r'(?:FROM|JOIN)\s+"?(kpi_[a-z_]+)')
TABLE_WRITTEN = re.compile(r'(INSERT INTO|UPDATE|DELETE FROM)\s+"?(kpi_[a-z_]+)')
STATS_FLUSH_SECONDS = 11
WRITE_WORDS = ("INSERT", "UPDATE", "DELETE")
# a request in flight when the replica stops may fail; after this, none may
GRACE_SECONDS = 5


def connect(server, db):
    """An autocommit connection to the primary or the replica (SCALE_PRIMARY_*, SCALE_REPLICA_*)."""
    cnx = psycopg2.connect(host=os.environ[f"SCALE_{server}_HOST"], port=os.environ[f"SCALE_{server}_PORT"], dbname=db)
    cnx.autocommit = True
    return cnx


def fetch(cnx, query, params=None):
    with cnx.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall()


def statement_kind(query):
    """SELECT, or write (INSERT, UPDATE, DELETE, also inside a WITH), or other (SET, SHOW...)."""
    words = re.findall(r"[A-Za-z_]+", query.upper())
    if not words:
        return "other"
    if words[0] in WRITE_WORDS or (words[0] == "WITH" and any(word in WRITE_WORDS for word in words)):
        return "write"
    return "SELECT" if words[0] in ("SELECT", "WITH") else "other"


class Statistics:
    """What one server did between `reset()` and `read()`, by its own counters."""

    def __init__(self, server, db):
        self.cnx = connect(server, db)

    def tables(self):
        rows = fetch(
            self.cnx,
            """SELECT relname, COALESCE(seq_scan, 0) + COALESCE(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_del
                 FROM pg_stat_user_tables WHERE relname LIKE 'kpi%%'""",
        )
        return {name: values for name, *values in rows}

    def database(self):
        [row] = fetch(
            self.cnx,
            """SELECT xact_commit, tup_returned + tup_fetched, tup_inserted + tup_updated + tup_deleted
                 FROM pg_stat_database WHERE datname = current_database()""",
        )
        return row

    def reset(self):
        fetch(self.cnx, "SELECT pg_stat_statements_reset()")
        self.tables_before, self.database_before = self.tables(), self.database()

    def read(self):
        statements = fetch(
            self.cnx,
            """SELECT s.query, s.calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname = current_database()""",
        )
        calls = {"SELECT": 0, "write": 0, "other": 0}
        by_table = {"SELECT": {}, "write": {}}
        for query, count in statements:
            kind = statement_kind(query)
            calls[kind] += count
            if kind == "SELECT":
                names = set(TABLE_READ.findall(query))
            else:
                names = {f"{verb.split()[0]} {table}" for verb, table in TABLE_WRITTEN.findall(query)}
            for name in names:
                by_table[kind][name] = by_table[kind].get(name, 0) + count
        tables = self.tables()
        database = self.database()
        changed = {
            name: [after - before for after, before in zip(values, self.tables_before.get(name, [0] * 4), strict=True)]
            for name, values in tables.items()
        }
        return {
            "statements": calls,
            "select_calls_by_table": dict(sorted(by_table["SELECT"].items())),
            "write_calls_by_table": dict(sorted(by_table["write"].items())),
            "table_scans": {name: values[0] for name, values in changed.items() if values[0]},
            "rows_inserted": {name: values[1] for name, values in changed.items() if values[1]},
            "rows_updated": {name: values[2] for name, values in changed.items() if values[2]},
            "transactions": database[0] - self.database_before[0],
            "rows_read": database[1] - self.database_before[1],
            "rows_written": database[2] - self.database_before[2],
        }


class Readers:
    """The read-only screens and prints beside the load test: a province
    officer's annual report, a director's overview and the scores of the
    agency (list and pivot), and the KPI sheet printed as PDF."""

    def __init__(self, env, base, load):
        self.load = load
        db = env.cr.dbname
        self.province = Client(base, db, PROVINCE_LOGIN)
        director = self.director(env)
        self.director_client = Client(base, db, director.user_id.login)
        self.company_id = director.company_id.id
        self.score_ids = env["kpi.score"].search([("company_id", "=", self.company_id)], limit=50).ids

    @staticmethod
    def director(env):
        """The director of the agency with the most people: no manager, a login."""
        heads = env["hr.employee"].search([("parent_id", "=", False), ("user_id", "!=", False)])
        return max(heads, key=lambda head: env["hr.employee"].search_count([("company_id", "=", head.company_id.id)]))

    def province_report(self, deadline):
        rng = random.Random("province")
        while time.monotonic() < deadline:
            self.load.timed(
                "province report", lambda: call_kw(self.province, "kpi.province.report", "get_report", [YEAR])
            )
            time.sleep(rng.uniform(1, 2))

    def overview_and_scores(self, deadline):
        rng, client = random.Random("director"), self.director_client
        domain = [["company_id", "=", self.company_id]]
        while time.monotonic() < deadline:
            self.load.timed(
                "overview",
                lambda: call_kw(
                    client,
                    "hr.department",
                    "web_search_read",
                    [[["kpi_is_my_unit", "=", True]]],
                    {"specification": OVERVIEW_SPEC},
                ),
            )
            time.sleep(rng.uniform(0.5, 1.5))
            self.load.timed(
                "scores",
                lambda: call_kw(
                    client, "kpi.score", "web_search_read", [domain], {"specification": SCORE_SPEC, "limit": 80}
                ),
            )
            self.load.timed(
                "scores pivot",
                lambda: call_kw(
                    client, "kpi.score", "web_read_group", [domain, ["department_id", "level"], ["total_score:avg"]]
                ),
            )
            time.sleep(rng.uniform(0.5, 1.5))

    def kpi_sheets(self, deadline):
        rng, client = random.Random("sheets"), self.director_client
        while time.monotonic() < deadline:
            ids = ",".join(str(i) for i in rng.sample(self.score_ids, min(3, len(self.score_ids))))

            def print_sheets(ids=ids):
                pdf = client.get(f"/report/pdf/kpi_reports.report_kpi_sheet/{ids}")
                if not pdf.startswith(b"%PDF"):
                    raise RuntimeError(f"not a PDF: {pdf[:80]!r}")
                return True

            self.load.timed("KPI sheet PDF", print_sheets)
            time.sleep(rng.uniform(1, 2))

    def loops(self):
        return [self.province_report, self.overview_and_scores, self.kpi_sheets]


def prepare(env):
    """The month's scores (for the overview and the sheets), the province
    officer's login, the server's own address for the PDFs' styles, and no
    line of an earlier load test."""
    drop_test_lines(env)
    periods = env["kpi.period"].search([("date_from", "=", MONTH[0])])
    if not env["kpi.score"].search_count([("period_id", "in", periods.ids)], limit=1):
        action = periods.action_compute_scores()
        if isinstance(action, dict):
            env["kpi.job"]._cron_run_jobs()
    if not env["res.users"].search([("login", "=", PROVINCE_LOGIN)]):
        agencies = env["res.company"].search([])
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": "Phòng Công chức, viên chức - Sở Nội vụ",
                "login": PROVINCE_LOGIN,
                "password": "bench",
                "company_id": agencies[0].id,
                "company_ids": [Command.set(agencies.ids)],
                "group_ids": [Command.set(env.ref("kpi_civil_service.group_kpi_province_officer").ids)],
            }
        )
    port = free_port()
    env["ir.config_parameter"].sudo().set_param("report.url", f"http://127.0.0.1:{port}")
    env.cr.commit()
    return port


def server_log_since(offset):
    with open(os.environ["BENCH_SERVER_LOG"], encoding="utf-8", errors="replace") as handle:
        handle.seek(offset)
        return handle.read()


def log_size(path):
    return os.path.getsize(path)


ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ([A-Z]+) ", re.MULTILINE)
# werkzeug's line of a request ends with the cursor Odoo served it with:
# ro (the replica), rw (the primary), ro->rw (a read-only request on the primary)
REQUEST = re.compile(r'"(?:GET|POST) (\S+) HTTP/[\d.]+" \d+ .* (ro|rw|ro->rw)$', re.MULTILINE)


def request_name(path):
    if "/call_kw/" in path:
        return path.split("/call_kw/", 1)[1].split("#", 1)[0].replace("/", ".")
    if path.startswith("/report/pdf/"):
        return "/report/pdf"
    return path.split("?", 1)[0]


def odoo_log_counts(text):
    """What Odoo's own log says: each request's cursor, by request; the
    fallbacks to the primary; the errors (a serialization failure, which Odoo
    retries, counted apart)."""
    starts = [match.start() for match in ENTRY.finditer(text)] + [len(text)]
    entries = [text[start:end] for start, end in itertools.pairwise(starts)]
    served = {}
    for path, mode in REQUEST.findall(text):
        modes = served.setdefault(request_name(path), {})
        modes[mode] = modes.get(mode, 0) + 1
    errors = [entry for entry in entries if ENTRY.match(entry).group(1) in ("ERROR", "CRITICAL")]
    retried = [entry for entry in errors if "could not serialize access" in entry]
    return {
        "served": dict(sorted(served.items())),
        "fell_back_to_the_primary": text.count("Failed to open a readonly cursor"),
        "retried_on_the_primary": text.count("retrying with a read/write cursor"),
        "serialization_failures_retried": len(retried),
        "errors": [entry.strip().splitlines()[0][:300] for entry in errors if entry not in retried],
    }


def replica_log_errors(offset):
    with open(os.environ["SCALE_REPLICA_LOG"], encoding="utf-8", errors="replace") as handle:
        handle.seek(offset)
        return [line.strip() for line in handle if " ERROR: " in line or " FATAL: " in line]


def wait_caught_up(primary, replica, timeout=120):
    """Seconds until the replica has replayed everything the primary wrote."""
    [[target]] = fetch(primary, "SELECT pg_current_wal_lsn()")
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        [[behind]] = fetch(replica, "SELECT pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn())", [target])
        if behind is not None and behind <= 0:
            return round(time.monotonic() - started, 3)
        time.sleep(0.2)
    raise RuntimeError(f"the replica did not catch up in {timeout} s")


def run_summary(load):
    return {
        "users": len(load.loops) + 2,
        "requests": {kind: len(values) for kind, values in sorted(load.timings.items())},
        "p95_seconds": load.p95(),
        "errors": [f"{kind}: {message}" for _when, kind, message in load.errors],
    }


def measure(env):
    seconds = float(os.environ.get("KPI_SCALE_SECONDS", "60"))
    port = prepare(env)
    primary, replica = Statistics("PRIMARY", env.cr.dbname), Statistics("REPLICA", env.cr.dbname)
    wait_caught_up(primary.cnx, replica.cnx)
    server_args = [
        f"--db_host={os.environ['SCALE_PRIMARY_HOST']}",
        f"--db_port={os.environ['SCALE_PRIMARY_PORT']}",
        f"--db_replica_host={os.environ['SCALE_REPLICA_HOST']}",
        f"--db_replica_port={os.environ['SCALE_REPLICA_PORT']}",
    ]
    result = {"workers": WORKERS, "cron_workers": 1, "seconds": seconds}
    replica_log = log_size(os.environ["SCALE_REPLICA_LOG"])
    with odoo_server(env, workers=WORKERS, cron_workers=1, extra_args=server_args, port=port) as base:
        # 1. the load test and the readers, the replica up all along
        primary.reset()
        replica.reset()
        load = Load(env, base)
        load.run(seconds, beside=Readers(env, base, load).loops())
        odoo_log = log_size(os.environ["BENCH_SERVER_LOG"])
        with_replica = run_summary(load)
        # the counters of tables and databases reach the shared statistics once
        # a connection has been idle for 10 s (PostgreSQL's PGSTAT_IDLE_INTERVAL)
        time.sleep(STATS_FLUSH_SECONDS)
        with_replica.update(
            primary=primary.read(),
            replica=replica.read(),
            lines_saved=len(load.saved),
            replica_log_errors=replica_log_errors(replica_log),
            odoo_log=odoo_log_counts(server_log_since(0)),
        )
        result["with_replica"] = with_replica
        log(f"with the replica: {sum(with_replica['requests'].values())} requests, {len(load.errors)} errors")

        # 2. the same, the replica stopped a third of the way through
        stopped = {}

        def stop_the_replica(deadline):
            time.sleep(seconds / 3)
            stopped["at"] = time.monotonic()
            subprocess.run(os.environ["SCALE_REPLICA_STOP"], shell=True, check=True, capture_output=True)
            stopped["seconds_to_stop"] = round(time.monotonic() - stopped["at"], 3)

        second = Load(env, base)
        second.run(seconds, beside=[*Readers(env, base, second).loops(), stop_the_replica])
        stop = stopped["at"]
        after = [(when - stop, kind, message) for when, kind, message in second.errors]
        summary = run_summary(second)
        summary.update(
            seconds_to_stop=stopped["seconds_to_stop"],
            errors_before_the_stop=sum(1 for delay, _kind, _message in after if delay < 0),
            errors_after_the_grace=sum(1 for delay, _kind, _message in after if delay > GRACE_SECONDS),
            errors_at_the_stop=[f"+{delay:.2f} s {kind}: {message}" for delay, kind, message in after],
            odoo_log=odoo_log_counts(server_log_since(odoo_log)),
        )
        result["replica_stopped"] = summary
        log(f"replica stopped: {sum(summary['requests'].values())} requests, {len(second.errors)} errors")
        saved = load.saved + second.saved
        submitted = load.submitted + second.submitted
        approved = load.approved + second.approved

    # 3. nothing the server acknowledged is missing, on the primary; the
    # replica started again catches up and holds the same lines
    lines = dict(fetch(primary.cnx, "SELECT id, state FROM kpi_diary_line WHERE name LIKE %s", [LOAD_NAME % "%"]))
    result["nothing_lost"] = {
        "saved": len(saved),
        "submitted": len(set(submitted)),
        "approved": len(set(approved)),
        "missing": sum(1 for line_id in saved if line_id not in lines),
        "submitted_not_kept": sum(1 for line_id in submitted if lines.get(line_id) not in ("submitted", "approved")),
        "approved_not_kept": sum(1 for line_id in approved if lines.get(line_id) != "approved"),
    }
    subprocess.run(os.environ["SCALE_REPLICA_START"], shell=True, check=True, capture_output=True)
    replica_again = connect("REPLICA", env.cr.dbname)
    caught_up = wait_caught_up(primary.cnx, replica_again)
    on_replica = dict(
        fetch(replica_again, "SELECT id, state FROM kpi_diary_line WHERE name LIKE %s", [LOAD_NAME % "%"])
    )
    result["replica_started_again"] = {
        "caught_up_seconds": caught_up,
        "same_lines": on_replica == lines,
        "lines": len(lines),
    }
    result["ok"] = check(result)
    return result


def check(result):
    """What the scale profile promises (the test asserts each part)."""
    up, down, lost = result["with_replica"], result["replica_stopped"], result["nothing_lost"]
    served = up["odoo_log"]["served"]
    return (
        not up["errors"]
        and all(set(served.get(name, {})) == {"ro"} for name in READ_REQUESTS)
        and all(set(served.get(name, {})) == {"rw"} for name in WRITE_REQUESTS)
        and up["replica"]["statements"]["write"] == 0
        # a save retried after a serialization failure inserts twice, the first rolled back
        and up["primary"]["write_calls_by_table"].get("INSERT kpi_diary_line", 0) >= up["lines_saved"]
        and not up["replica_log_errors"]
        and not up["odoo_log"]["errors"]
        and up["odoo_log"]["fell_back_to_the_primary"] == up["odoo_log"]["retried_on_the_primary"] == 0
        and down["errors_before_the_stop"] == 0
        and down["errors_after_the_grace"] == 0
        and down["odoo_log"]["fell_back_to_the_primary"] > 0
        and lost["missing"] == lost["submitted_not_kept"] == lost["approved_not_kept"] == 0
        and result["replica_started_again"]["same_lines"]
    )


def summary(result):
    """The result in a few lines, for the person who ran `make scale`."""
    up, down, lost, again = (
        result[key] for key in ("with_replica", "replica_stopped", "nothing_lost", "replica_started_again")
    )

    def served(phase, mode):
        counts = {name: modes.get(mode, 0) for name, modes in phase["odoo_log"]["served"].items()}
        return f"{sum(counts.values())} ({', '.join(f'{name} {count}' for name, count in counts.items() if count)})"

    replica, primary = up["replica"], up["primary"]
    delays = [float(error.split()[0]) for error in down["errors_at_the_stop"]]
    return "\n".join(
        [
            f"With the replica: {result['seconds']:.0f} s, {up['users']} users, {result['workers']} workers and a cron"
            f" worker: {sum(up['requests'].values())} requests, {len(up['errors'])} errors.",
            f"  Odoo served from the replica (ro): {served(up, 'ro')}",
            f"  and from the primary (rw): {served(up, 'rw')}",
            f"  The replica's statistics: {replica['transactions']} transactions, {replica['statements']['SELECT']}"
            f" SELECT, {replica['statements']['write']} writes; the annual report's queries (kpi_year_result)"
            f" {replica['select_calls_by_table'].get('kpi_year_result', 0)} times, on the primary"
            f" {primary['select_calls_by_table'].get('kpi_year_result', 0)}.",
            f"  The primary's: {primary['transactions']} transactions, {primary['statements']['write']} writes,"
            f" {primary['write_calls_by_table'].get('INSERT kpi_diary_line', 0)} diary lines inserted for"
            f" {up['lines_saved']} saves (a save retried after a serialization failure inserts twice).",
            f"The replica stopped {result['seconds'] / 3:.0f} s into a second run (pg_ctl -m immediate):"
            f" {sum(down['requests'].values())} requests, {len(down['errors'])} errors"
            + (f" between +{min(delays):.2f} and +{max(delays):.2f} s" if delays else "")
            + f", {down['errors_after_the_grace']} later; {down['odoo_log']['fell_back_to_the_primary']} workers"
            " fell back to the primary.",
            f"Nothing lost: {lost['saved']} saves, {lost['submitted']} submitted and {lost['approved']} approved lines,"
            f" missing {lost['missing']}, {lost['submitted_not_kept']} and {lost['approved_not_kept']}. Started"
            f" again, the replica caught up in {again['caught_up_seconds']} s with the same {again['lines']} lines.",
            "scale: ok" if result["ok"] else "scale: NOT ok",
        ]
    )
