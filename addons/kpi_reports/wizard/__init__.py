from . import kpi_xlsx_export_wizard
