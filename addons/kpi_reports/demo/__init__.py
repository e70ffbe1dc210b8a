from . import kpi_demo
