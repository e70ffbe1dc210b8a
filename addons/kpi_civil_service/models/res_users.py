from odoo import api, fields, models

HOME_ACTION = "kpi_civil_service.kpi_home_action"
# The screen each role starts the day on, the first role held deciding.
HOME_BY_ROLE = (
    ("kpi_civil_service.group_kpi_decider", "kpi_civil_service.kpi_assessment_action_to_decide"),
    ("kpi_civil_service.group_kpi_hr_officer", "kpi_civil_service.kpi_period_action"),
    ("kpi_civil_service.group_kpi_manager", "kpi_civil_service.kpi_diary_line_action_approve"),
    ("kpi_civil_service.group_kpi_user", "kpi_civil_service.kpi_diary_line_action_my"),
)


class ResUsers(models.Model):
    _inherit = "res.users"

    kpi_managed_department_ids = fields.Many2many(
        "hr.department",
        string="Units Managed",
        compute="_compute_kpi_managed_department_ids",
        compute_sudo=True,
        help="The units whose manager is one of the user's employees (used by the KPI record rules).",
    )

    def _compute_kpi_managed_department_ids(self):
        departments = self.env["hr.department"].search([("manager_id.user_id", "in", self.ids)])
        for user in self:
            user.kpi_managed_department_ids = departments.filtered(lambda d, user=user: d.manager_id.user_id == user)

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._kpi_set_home_action()
        return users

    def write(self, vals):
        result = super().write(vals)
        if "group_ids" in vals:
            self._kpi_set_home_action()
        return result

    def _kpi_set_home_action(self):
        """KPI users with no home action of their own land on KPI (not on
        Discuss): the KPI home action opens their role's screen."""
        home = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        if not home:  # while the module's data is loaded
            return
        kpi_user = self.env.ref("kpi_civil_service.group_kpi_user")
        self.sudo().filtered(lambda user: not user.action_id and kpi_user in user.all_group_ids).write(
            {"action_id": home.id}
        )

    @api.model
    def _kpi_set_home_action_of_everyone(self):
        """On installation: the KPI users already there."""
        self.with_context(active_test=False).search([("share", "=", False)])._kpi_set_home_action()

    def _kpi_home_action(self):
        """The window action of the user's role."""
        self.ensure_one()
        xml_id = next((action for group, action in HOME_BY_ROLE if self.has_group(group)), HOME_BY_ROLE[-1][1])
        return self.env["ir.actions.act_window"]._for_xml_id(xml_id)
