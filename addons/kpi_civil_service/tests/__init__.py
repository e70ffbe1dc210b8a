from . import test_i18n
from . import test_kpi_security
from . import test_kpi_sector
from . import test_ui
