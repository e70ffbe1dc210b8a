from . import report_kpi_sheet
from . import report_unit_summary
from . import report_province_annual
from . import report_employee_years
