"""The province benchmark at its small scale, run as `make bench`
would: it builds (or reuses) its own database, measures every figure and writes
the table as JSON. Bounds here are loose (a shared CI machine); the province
scale, run by hand, is held to the targets."""

import json
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOOSE_RATIO = 15  # the compute against its SQL floor; the target at province scale is 3


def test_small_province_benchmark(tmp_path):
    report_path = tmp_path / "bench-small.json"
    # the load test runs 30 s here instead of its 2 minutes
    env = {**os.environ, "BENCH_SCALE": "small", "BENCH_JSON": str(report_path), "BENCH_LOAD_SECONDS": "30"}
    run = subprocess.run(
        ["bash", str(ROOT / "scripts" / "bench.sh")], env=env, capture_output=True, text=True, timeout=1800
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    figures = {row["what"]: row for row in report["figures"]}
    assert report["scale"] == "small"
    compute = figures["compute the scores of a month (all agencies)"]
    assert compute["size"] == 1200
    assert compute["seconds"] <= compute["target_seconds"]
    assert compute["ratio"] <= LOOSE_RATIO, compute
    assert figures["queries of one agency's compute"]["ok"], figures["queries of one agency's compute"]
    for what in (
        "generate the campaigns of the year (assessments and lines)",
        "refresh the annual means",
        "XLSX export of period scores (all agencies)",
        "the KPI Overview of a director",
    ):
        assert figures[what]["seconds"] <= figures[what]["target_seconds"], figures[what]
    national = figures["national database export of a decided province (XLSX and JSON, every agency)"]
    assert national["size"] == 1200 and national["ok"], national
    province = [row for what, row in figures.items() if what.startswith("province annual report of")]
    assert len(province) == 2 and all(row["size"] == 1200 and row["ok"] for row in province), province
    # step 5 by its background job, and the province's extrapolated from it
    step_five = figures["step 5 of 200 people: notices rendered, kept and posted (background job)"]
    assert step_five["size"] == 200, step_five
    assert figures["step 5 of the province: 30,000 notices (extrapolated)"]["seconds"] <= 2 * 3600
    # the notices of step 5, each kept as its own PDF (the target at province scale is 5 s)
    kept = figures["50 classification notices, each kept as its own PDF with its SHA-256"]
    assert kept["size"] == 50 and kept["seconds"] <= 3 * kept["target_seconds"], kept
    # the mail queue sends the notices to a local SMTP sink, its server restarted in the middle
    mails = figures["the mail queue sends 1500 notices to an SMTP sink, restarted once in the middle"]
    assert (mails["lost"], mails["sent_twice"], mails["still_queued"]) == (0, 0, 0) and mails["ok"], mails
    assert mails["received_before_the_restart"] < 1500, mails  # the server started again sent the rest
    # 20 users pressing Save at the same moment, then without a pause: no error
    saves = [row for what, row in figures.items() if what.startswith(("saving a diary line", "20 users saving"))]
    assert len(saves) == 2 and all(row["errors"] == 0 and row["size"] == "300 saves" for row in saves), saves
    # 20 users saving, submitting, approving and listing at once: no error
    [load] = [row for what, row in figures.items() if what.startswith("20 users for")]
    assert load["errors"] == 0 and load["ok"], load
    assert load["lines"].get("approved"), load
    # the table is printed too
    assert "compute the scores of a month" in run.stdout
