from . import kpi_sector
