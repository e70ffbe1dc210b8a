"""Upgrades lose nothing: a database made by the previous version of the
add-ons (the commit before the last change of a version number in the
manifests, taken from git), with the demo data and its decided and notified
campaign, is upgraded to this version with `-u`; every diary line, score,
period, assessment, decision, kept notice (its file and SHA-256) and
chatter message is still there and unchanged, column by column of the
previous version, and computing again gives the same numbers."""

import ast
import hashlib
import os
import re
import subprocess

import odoo_tools
import pytest
from odoo_tools import RECORD_TABLES, ROOT, bash, config, drop, filestore, shell

DB = "kpi_upgrade_check"
MANIFESTS = ["addons/kpi_civil_service/__manifest__.py", "addons/kpi_reports/__manifest__.py"]
TABLES = RECORD_TABLES  # those of the previous version (the imported years came after it)
# the numbers computing again must give (scores and annual figures)
SCORE_COLUMNS = (
    "quantity_percent, quality_percent, progress_percent, unit_result_percent, task_score, general_score, "
    "total_score, declared_hours, expected_hours, days_over_limit, days_missing"
)
# Odoo's own files, which any upgrade writes again: the menus' icons and the style sheets
REWRITTEN = {"ir_attachment": "coalesce(res_model, '') not in ('ir.ui.menu', 'ir.ui.view')"}
ANNUAL_COLUMNS = "periods_worked, months_worked, general_score, task_score, total_score, computed_level, final_level"


def git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout.strip()


def sql(query):
    return odoo_tools.sql(DB, query)


def versions(source):
    return [ast.literal_eval(re.search(r"\{.*\}", text, re.S).group(0))["version"] for text in source]


def columns_of(table):
    return [
        name
        for (name,) in sql(
            f"select column_name from information_schema.columns where table_name = '{table}' order by column_name"
        )
    ]


def snapshot(columns, last_ids):
    """Each table's rows of the previous version (up to its last id) over the
    given columns, as text in id order: what the upgrade may add is left out."""
    return {
        table: sql(
            f"select count(*), md5(string_agg(row({', '.join(names)})::text, '|' order by id)) from {table} "
            f"where id <= {last_ids[table]} and {REWRITTEN.get(table, 'true')}"
        )[0]
        for table, names in columns.items()
    }


def kept_notices(filestore):
    notices = {}
    for assessment_id, sha256, store_fname in sql(
        "select a.id, a.notice_sha256, f.store_fname from kpi_assessment a "
        "join ir_attachment f on f.id = a.notice_attachment_id where a.notice_sha256 is not null"
    ):
        notices[assessment_id] = (sha256, hashlib.sha256((filestore / store_fname).read_bytes()).hexdigest())
    return notices


def numbers():
    return (
        sql(f"select id, {SCORE_COLUMNS} from kpi_score order by id"),
        sql(f"select id, {ANNUAL_COLUMNS} from kpi_assessment order by id"),
    )


def differences(found, expected):
    """The rows (scores, then assessments) of before whose numbers differ or
    are gone: (found, expected). Rows made since (a period computed for the
    first time) are not compared."""
    wrong = []
    for rows, olds in zip(found, expected, strict=True):
        now = {row[0]: row for row in rows}
        wrong += [(now.get(old[0]), old) for old in olds if now.get(old[0]) != old]
    return wrong[:10]


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """The previous version's add-ons, unpacked from git."""
    bump = git("log", "-1", "--format=%H", "-G", '"version"', "--", *MANIFESTS)
    commit = git("rev-parse", f"{bump}^")
    tree = tmp_path_factory.mktemp("previous")
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "addons"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    old = versions(git("show", f"{commit}:{path}") for path in MANIFESTS)
    new = versions((ROOT / path).read_text() for path in MANIFESTS)
    assert old != new, "the version numbers did not move"
    return commit, tree / "addons", old, new


def test_an_upgrade_from_the_previous_version_loses_nothing(previous):
    commit, old_addons, old_versions, new_versions = previous
    config_paths = config("addons_path").split(",")
    ours = str(ROOT / "addons")
    old_path = ",".join(str(old_addons) if path == ours else path for path in config_paths)
    assert str(old_addons) in old_path, config_paths
    files = filestore(DB)
    drop(DB)
    try:
        bash(
            'odoo_cmd -d "$1" --addons-path="$2" -i "$KPI_MODULES" --with-demo --stop-after-init '
            "--max-cron-threads=0 --log-level=warn --http-port=8779",
            DB,
            old_path,
        )
        assert sql("select latest_version from ir_module_module where name = 'kpi_civil_service'") == [
            [old_versions[0]]
        ]
        columns = {table: columns_of(table) for table in TABLES}
        last_ids = {table: int(sql(f"select coalesce(max(id), 0) from {table}")[0][0]) for table in TABLES}
        before = snapshot(columns, last_ids)
        notices = kept_notices(files)
        figures = numbers()
        assert notices and int(before["kpi_diary_line"][0]) and int(before["kpi_assessment"][0]), before

        bash(
            'odoo_cmd -d "$1" -u "$KPI_MODULES" --stop-after-init --max-cron-threads=0 --log-level=warn '
            "--http-port=8779",
            DB,
        )
        installed = sql(
            "select name, latest_version from ir_module_module where name in ('kpi_civil_service', 'kpi_reports') "
            "order by name"
        )
        assert installed == [["kpi_civil_service", new_versions[0]], ["kpi_reports", new_versions[1]]]
        after = snapshot(columns, last_ids)
        changed = {table: (before[table], after[table]) for table in TABLES if before[table] != after[table]}
        assert not changed, f"changed by the upgrade from {commit[:8]}: {changed}"
        assert kept_notices(files) == notices
        assert not differences(numbers(), figures), differences(numbers(), figures)

        # computing again (the open periods computed before, the open assessments) gives the same numbers
        recompute = (
            "periods = env['kpi.period'].search([('state', '=', 'open'), ('score_ids', '!=', False)])\n"
            "periods.action_compute_scores()\n"
            "env['kpi.assessment'].search([('state', 'not in', ('decided', 'notified', 'cancelled'))])._kpi_refresh()\n"
            "env.cr.commit()\n"
        )
        shell(DB, recompute)
        assert not differences(numbers(), figures), differences(numbers(), figures)
    finally:
        if os.environ.get("KPI_KEEP_UPGRADE_DB") != "1":
            drop(DB)
