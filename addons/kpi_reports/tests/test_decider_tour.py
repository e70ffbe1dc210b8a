"""With the reports installed, the decider's guided tour goes on
from the decision to print the classification notice. The printing step
waits for the notice to come back from the server and fails the tour if it
does not (the browser test has no printer: the download itself is dropped)."""

from odoo.tests import HttpCase, tagged


def walk_to_the_decision(env):
    """The demo head of Organisation's assessment of 2026, taken by the demo
    users through steps 1 to 4, waiting for the director's decision."""

    def user(login):
        return env["res.users"].search([("login", "=", login)])

    assessment = env["kpi.assessment"].search([("user_id", "=", user("truongphong").id), ("year", "=", 2026)])
    steps = (
        ("truongphong", {"self_level": "good", "self_comment": "Hoàn thành tốt nhiệm vụ"}, "action_self_assess"),
        ("giamdoc", {"proposed_level": "good", "manager_comment": "Đồng ý"}, "action_manager_review"),
        (
            "tochuc",
            {"meeting_date": "2026-12-01", "meeting_attendees": 6, "votes_good": 6, "meeting_minutes": "Biên bản"},
            "action_unit_review",
        ),
        ("capuy", {"party_opinion": "Nhất trí"}, "action_party_review"),
    )
    for login, values, action in steps:
        assessment.with_user(user(login)).write(values)
        getattr(assessment.with_user(user(login)), action)()
    return assessment


@tagged("post_install", "-at_install")
class TestDeciderTourPrints(HttpCase):
    def test_decider_decides_and_prints_the_notice(self):
        assessment = walk_to_the_decision(self.env)
        self.start_tour("/odoo", "kpi_onboarding_decider", login="giamdoc")
        self.assertEqual((assessment.state, assessment.final_level), ("decided", "good"))
