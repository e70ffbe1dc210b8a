from . import base_import_import
from . import kpi_period_generate_wizard
from . import kpi_reason_wizard
