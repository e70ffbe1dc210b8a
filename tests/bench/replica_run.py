"""The read replica in use, run by scripts/scale.sh through `odoo shell`
(which gives `env`) on the primary: writes the result as JSON, prints what
it shows, and fails when it does not hold."""

import json
import os
import sys

sys.path.insert(0, os.environ["KPI_PROJECT_DIR"])

from tests.bench import replica

result = replica.measure(env)  # noqa: F821 (the shell's environment)
with open(os.environ["SCALE_JSON"], "w", encoding="utf-8") as handle:
    json.dump(result, handle, indent=2, ensure_ascii=False, default=str)
print(replica.summary(result))
if not result["ok"]:
    sys.exit(1)
