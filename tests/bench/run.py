"""The benchmark, run by scripts/bench.sh through `odoo shell` (which gives
`env`): builds or reuses the province, measures every figure, prints the table
and writes it as JSON."""

import json
import os
import sys

sys.path.insert(0, os.environ["KPI_PROJECT_DIR"])

from tests.bench import figures, province

scale = os.environ.get("BENCH_SCALE", "small")
province.Province(env, scale).build()  # noqa: F821 (the shell's environment)
only = [name for name in os.environ.get("BENCH_FIGURES", "").split(",") if name]
rows = figures.run_all(env, only)  # noqa: F821
report = {"scale": scale, "figures": rows}
with open(os.environ["BENCH_JSON"], "w", encoding="utf-8") as handle:
    json.dump(report, handle, indent=2, ensure_ascii=False, default=str)
print(figures.table(rows))
