from . import hr_department
from . import hr_employee
from . import hr_employee_public
from . import ir_actions_report
from . import kpi_assessment
from . import res_company
from . import kpi_demo
