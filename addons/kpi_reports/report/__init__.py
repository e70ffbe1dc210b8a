from . import report_kpi_sheet
from . import report_unit_summary
