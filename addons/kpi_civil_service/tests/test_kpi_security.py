from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKpiGroups(TransactionCase):
    """The roles (docs/rules.md, "Roles") and what each one implies."""

    def test_groups_share_one_privilege(self):
        groups = self.env.ref("kpi_civil_service.res_groups_privilege_kpi").group_ids
        self.assertEqual(
            set(groups.mapped(lambda g: g.get_external_id()[g.id])),
            {
                "kpi_civil_service.group_kpi_user",
                "kpi_civil_service.group_kpi_manager",
                "kpi_civil_service.group_kpi_party_committee",
                "kpi_civil_service.group_kpi_decider",
                "kpi_civil_service.group_kpi_hr_officer",
                "kpi_civil_service.group_kpi_admin",
                "kpi_civil_service.group_kpi_eoffice",
                "kpi_civil_service.group_kpi_province_officer",
            },
        )

    def test_the_province_officer_is_no_kpi_user(self):
        """It reads the agencies' results; it keeps no diary and writes nothing through KPI groups."""
        group = self.env.ref("kpi_civil_service.group_kpi_province_officer")
        self.assertEqual(group.implied_ids, self.env.ref("base.group_user"))
        self.assertNotIn(self.env.ref("kpi_civil_service.group_kpi_user"), group.all_implied_ids)
        writable = self.env["ir.model.access"].search(
            [
                ("group_id", "=", group.id),
                "|",
                "|",
                ("perm_write", "=", True),
                ("perm_create", "=", True),
                ("perm_unlink", "=", True),
            ]
        )
        self.assertEqual(writable.mapped("model_id.model"), ["kpi.province.report"] if writable else [])

    def test_the_e_office_group_gives_nothing_but_a_year_long_api_key(self):
        group = self.env.ref("kpi_civil_service.group_kpi_eoffice")
        self.assertEqual(group.implied_ids, self.env.ref("base.group_user"))
        self.assertEqual(group.api_key_duration, 365)
        self.assertNotIn(group, self.env.ref("kpi_civil_service.group_kpi_admin").all_implied_ids)

    def test_implied_chain(self):
        def user_with(group):
            return new_test_user(self.env, login=f"kpi_{group}", groups=f"kpi_civil_service.group_kpi_{group}")

        admin = user_with("admin")
        for group in ("user", "manager", "party_committee", "decider", "hr_officer"):
            self.assertTrue(admin.has_group(f"kpi_civil_service.group_kpi_{group}"), group)
        decider = user_with("decider")
        self.assertTrue(decider.has_group("kpi_civil_service.group_kpi_manager"))
        self.assertFalse(decider.has_group("kpi_civil_service.group_kpi_hr_officer"))
        party = user_with("party_committee")
        self.assertTrue(party.has_group("kpi_civil_service.group_kpi_user"))
        self.assertFalse(party.has_group("kpi_civil_service.group_kpi_manager"))
        officer = user_with("hr_officer")
        self.assertTrue(officer.has_group("kpi_civil_service.group_kpi_manager"))
        self.assertFalse(officer.has_group("kpi_civil_service.group_kpi_decider"))
        self.assertTrue(user_with("user").has_group("base.group_user"))

    def test_menu_visible_to_kpi_users_only(self):
        menu = self.env.ref("kpi_civil_service.menu_kpi_root")
        kpi_user = new_test_user(self.env, login="kpi_officer", groups="kpi_civil_service.group_kpi_hr_officer")
        outsider = new_test_user(self.env, login="no_kpi", groups="base.group_user")
        visible = self.env["ir.ui.menu"].with_user(kpi_user)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        hidden = self.env["ir.ui.menu"].with_user(outsider)._visible_menu_ids()
        self.assertNotIn(menu.id, hidden)


@tagged("post_install", "-at_install")
class TestLeaderFlag(TransactionCase):
    def test_leader_follows_the_job_position(self):
        head = self.env["hr.job"].create({"name": "Trưởng phòng", "kpi_position_type": "head"})
        staff = self.env["hr.job"].create({"name": "Chuyên viên", "kpi_position_type": "staff"})
        plain = self.env["hr.employee"].create({"name": "A", "job_id": head.id})
        with_email = self.env["hr.employee"].create({"name": "B", "job_id": head.id, "work_email": "b@example.com"})
        by_hand = self.env["hr.employee"].create({"name": "C", "job_id": staff.id, "kpi_is_leader": True})
        self.assertTrue(plain.kpi_is_leader)
        self.assertTrue(with_email.kpi_is_leader)
        self.assertTrue(by_hand.kpi_is_leader, "set by hand, kept")
        plain.job_id = staff
        self.assertFalse(plain.kpi_is_leader)
