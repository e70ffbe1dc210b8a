from odoo import api, models

KPI_TOURS = ("kpi_onboarding_staff", "kpi_onboarding_unit_head", "kpi_onboarding_hr_officer", "kpi_onboarding_decider")


class Web_TourTour(models.Model):
    _inherit = "web_tour.tour"

    @api.model
    def consume(self, tourName):
        """A guided KPI tour, once done, is recorded as done and is not
        followed by another app's onboarding: starting it switched the user's
        onboarding mode on, which is switched off again, so that no tour
        starts by itself afterwards."""
        result = super().consume(tourName)
        if tourName in KPI_TOURS:
            self.env.user.sudo().tour_enabled = False
            return False
        return result

    @api.model
    def kpi_skip_tours(self):
        """ "Skip the guided tours": all of them are marked done for the user."""
        self.sudo().search([("name", "in", KPI_TOURS)]).user_consumed_ids = [(4, self.env.uid)]
        self.env.user.sudo().tour_enabled = False
        return {"type": "ir.actions.client", "tag": "reload"}
