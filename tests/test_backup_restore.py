"""Backups restore: `make backup` writes a database and its filestore to one
file, `make restore` brings it back into a new database, and every row and
every file is there, each kept notice with its SHA-256.

The database backed up is the test database of `make test` (demo data with
the notices of step 5 kept), or one made here with the demo data when the
Odoo tests did not run before."""

import hashlib
import os

import pytest
from odoo_tools import RECORD_TABLES, bash, drop, exists, filestore, odoo_db, shell, sql

SOURCE = os.environ.get("KPI_TEST_DB", "kpi_test")
RESTORED = "kpi_restore_check"
# what must come back as it was, the imported years included
TABLES = (*RECORD_TABLES, "kpi_past_result")


def snapshot(db):
    """Every row of the tables (as text, id order) and every kept notice with
    its file's SHA-256 as found in the database's filestore."""
    rows = {table: sql(db, f"select md5(string_agg(t::text, '|' order by t.id)) from {table} t") for table in TABLES}
    counts = {table: int(sql(db, f"select count(*) from {table}")[0][0]) for table in TABLES}
    notices = {}
    for assessment_id, sha256, store_fname in sql(
        db,
        "select a.id, a.notice_sha256, f.store_fname from kpi_assessment a "
        "join ir_attachment f on f.id = a.notice_attachment_id where a.notice_sha256 is not null",
    ):
        path = filestore(db) / store_fname
        notices[int(assessment_id)] = (sha256, hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None)
    files = dict(sql(db, "select store_fname, checksum from ir_attachment where store_fname is not null"))
    return rows, counts, notices, files


@pytest.fixture(scope="module")
def source():
    """A copy of the test database (or a new one with the demo data) whose
    notified assessments have their notices kept, as step 5 keeps them (a
    database installed by the test runner renders no PDF)."""
    db = "kpi_backup_source"
    drop(db)
    installed = exists(SOURCE) and sql(
        SOURCE, "select count(*) from ir_module_module where name = 'kpi_reports' and state = 'installed'"
    ) == [["1"]]
    if installed:
        odoo_db("duplicate", SOURCE, db)
    else:
        bash(
            'odoo_cmd -d "$1" -i "$KPI_MODULES" --with-demo --stop-after-init --max-cron-threads=0 '
            "--log-level=warn --http-port=8769",
            db,
        )
    keep = (
        "notified = env['kpi.assessment'].search([('state', '=', 'notified'), ('notice_sha256', '=', False)])\n"
        "notified._kpi_keep_notices()\n"
        "env.cr.commit()\n"
    )
    shell(db, keep)
    yield db
    drop(db)


def test_a_backup_restores_every_row_and_file(source, tmp_path):
    backup = tmp_path / "kpi.zip"
    drop(RESTORED)
    before = snapshot(source)
    rows, counts, notices, files = before
    assert notices and all(kept == found for kept, found in notices.values()), notices  # the source is sound
    assert counts["kpi_diary_line"] and counts["kpi_assessment"] and counts["kpi_past_result"], counts

    made = bash("bash scripts/backup.sh", env={"DB": source, "BACKUP": str(backup)})
    assert backup.exists() and (tmp_path / "kpi.zip.sha256").exists(), made.stderr
    try:
        bash("bash scripts/restore.sh", env={"BACKUP": str(backup), "DB": RESTORED})
        after = snapshot(RESTORED)
        assert after[1] == counts
        assert after[0] == rows  # every row as it was
        assert after[2] == notices  # every kept notice, its file matching its SHA-256
        assert after[3] == files
        for store_fname, checksum in after[3].items():  # every file of the filestore, by its SHA-1
            content = (filestore(RESTORED) / store_fname).read_bytes()
            assert hashlib.sha1(content).hexdigest() == checksum, store_fname

        # never over an existing database
        again = bash("bash scripts/restore.sh", env={"BACKUP": str(backup), "DB": RESTORED}, check=False)
        assert again.returncode != 0 and "exists" in again.stderr
    finally:
        drop(RESTORED)

    # a damaged backup is refused before anything is created
    backup.write_bytes(backup.read_bytes()[:-100])
    damaged = bash("bash scripts/restore.sh", env={"BACKUP": str(backup), "DB": RESTORED}, check=False)
    assert damaged.returncode != 0 and "SHA-256" in damaged.stderr
    assert not exists(RESTORED)
