from . import hr_department
from . import hr_employee
from . import hr_employee_public
from . import ir_actions_report
from . import kpi_assessment
from . import kpi_assessment_campaign
from . import kpi_national_field
from . import res_company
