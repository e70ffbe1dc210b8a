"""The project's Odoo and PostgreSQL as the product tests drive them: through
scripts/lib.sh, so that they use the same interpreter, configuration and
database server as `make run` and `make test`."""

import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The records an agency keeps for years, which a restore or an upgrade must
# bring back as they were: diaries, scores, periods, assessments and their
# lines, campaigns, assignments, breakthrough tasks, the chatter with its
# tracking, and the attachments (the kept notices among them).
RECORD_TABLES = (
    "kpi_diary_line",
    "kpi_score",
    "kpi_period",
    "kpi_assessment",
    "kpi_assessment_line",
    "kpi_assessment_campaign",
    "kpi_assignment",
    "kpi_breakthrough_task",
    "mail_message",
    "mail_tracking_value",
    "ir_attachment",
)


def bash(script, *args, env=None, check=True, stdin=None):
    """Runs `script` with lib.sh and the database server's settings loaded;
    `args` are $1, $2… of the script."""
    run = subprocess.run(
        ["bash", "-c", f'. "$0/scripts/lib.sh"; . "$PG_ENV"; {script}', str(ROOT), *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
    )
    if check:
        assert run.returncode == 0, run.stderr[-3000:]
    return run


def sql(db, query):
    """The rows of a query, each a list of texts."""
    out = bash('psql -d "$1" -Atqc "$2"', db, query).stdout
    return [line.split("|") for line in out.splitlines() if line]


def exists(db):
    return bool(sql("postgres", f"select 1 from pg_database where datname = '{db}'"))


def config(key):
    """A setting of the project's odoo.conf."""
    return bash(f"sed -n 's/^{key} *= *//p' \"$ODOO_CONF\"").stdout.strip()


def filestore(db):
    return pathlib.Path(config("data_dir")) / "filestore" / db


def odoo_db(*args):
    """Odoo's `db` command (dump, load, duplicate, drop) on the project's configuration."""
    return bash('odoo_command db "$@"', *args)


def drop(db):
    """Drops a database with its filestore, if it exists."""
    if exists(db):
        odoo_db("drop", db)


def shell(db, code):
    """Runs Python in an Odoo shell on `db` (commit it to keep its changes)."""
    return bash('odoo_command shell -d "$1" --no-http --log-level=warn', db, stdin=code).stdout


def server(db, *args):
    """An Odoo server on `db` alone, started in the background (its process)."""
    # exec: the process is Odoo's own, so that a signal sent to it reaches Odoo
    script = (
        '. "$0/scripts/lib.sh"; . "$PG_ENV"; export PYTHONPATH="$(odoo_python_dir)"; '
        'exec "$VENV/bin/python" "$(odoo_bin)" server -c "$ODOO_CONF" "$@"'
    )
    return subprocess.Popen(
        ["bash", "-c", script, str(ROOT), "-d", db, f"--db-filter=^{db}$", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
