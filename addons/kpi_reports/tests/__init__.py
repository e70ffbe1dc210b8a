from . import test_i18n
from . import test_pdf_reports
from . import test_xlsx_export
from . import test_dashboards
from . import test_wizard_privacy
from . import test_national_export
from . import test_breakthrough_reports
from . import test_decider_tour
