from . import controllers
from . import models
from . import report
from . import wizard
from . import demo


def _post_init(env):
    """Step 5 of the demo campaign runs once the module is loaded: while its
    demo data is, its style sheet is not yet in the report assets, and the
    notices kept then would be what was sent, unstyled."""
    if env["ir.module.module"].search([("name", "=", "kpi_reports")]).demo:
        env["kpi.demo"]._notify_demo_campaign()
