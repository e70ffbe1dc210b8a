from . import kpi_reason_wizard
from . import kpi_xlsx_export_wizard
from . import kpi_province_report
