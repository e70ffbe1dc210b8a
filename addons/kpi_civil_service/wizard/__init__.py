from . import kpi_period_generate_wizard
from . import kpi_reason_wizard
