from odoo import api, models
from odoo.exceptions import AccessError, UserError


class KpiWorkflowMixin(models.AbstractModel):
    """One table of transitions and one gatekeeper for a workflow, as
    hr_holidays and hr_expense do: every action asks the gatekeeper before it
    moves a record, and the buttons follow the same answer through
    can_<step> fields, so a button never disagrees with the server.

    A model using it sets `_kpi_transitions` ({step: (states it is taken
    from, state it reaches or None, the right it needs)}), declares a
    Boolean can_<step> computed by _compute_can_steps for each step (or an
    equivalent set-based compute), and implements _user_may(right) or
    _rights_refusal(right), and _state_refusal(step) where the state alone
    does not say it."""

    _name = "kpi.workflow.mixin"
    _description = "KPI Workflow"
    _kpi_transitions = {}

    def _user_may(self, right):
        """Whether the user holds `right` on all these records; a model says
        who holds which right (here, the system alone)."""
        return self.env.su

    def _state_refusal(self, step):
        """Why one of these records cannot take `step` in its state, or None.
        By default: its state is not one the step is taken from."""
        return self._states_refusal(self._kpi_transitions[step][0])

    def _states_refusal(self, states):
        """Why one of these records is not in one of `states`, or None."""
        wrong = self.filtered(lambda record: record.state not in states)[:1]
        if wrong:
            return self.env._(
                "%(name)s cannot take this step in the state %(state)s.",
                name=wrong.display_name,
                state=wrong._fields["state"].convert_to_export(wrong.state, wrong),
            )
        return None

    def _not_your_step(self):
        return self.env._("You are not the person who takes this step.")

    def _rights_refusal(self, right):
        """Why the user does not hold `right` on these records, or None."""
        return None if self._user_may(right) else self._not_your_step()

    def _transition_refusal(self, step):
        """The gatekeeper: (exception class, message) when the user may not
        take `step` on these records now (first who, then the state), else None."""
        message = self._rights_refusal(self._kpi_transitions[step][2])
        if message:
            return AccessError, message
        message = self._state_refusal(step)
        return (UserError, message) if message else None

    def _check_transition(self, step):
        refusal = self._transition_refusal(step)
        if refusal:
            error, message = refusal
            raise error(message)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_steps(self):
        for record in self:
            for step in self._kpi_transitions:
                record[f"can_{step}"] = not record._transition_refusal(step)
