import math

from odoo import api, models
from odoo.exceptions import ValidationError

# No number of the product comes near it (minutes, points, hours, percentages,
# quantities, counts, years): above, it is a typing or a forged value.
NUMBER_LIMIT = 10_000_000


class KpiNumberGuardMixin(models.AbstractModel):
    """Every number a caller sends is a finite number in a sane range, checked
    before anything is written (issue 11): "NaN" passes every check written as
    `not lo <= x <= hi` and then breaks the scores, the exports and the lists
    of a whole agency; "inf" and 1e308 overflow them; "abc" would end in a
    ValueError instead of a message."""

    _name = "kpi.number.guard.mixin"
    _description = "Numbers Checked on Input"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kpi_check_numbers(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._kpi_check_numbers(vals)
        return super().write(vals)

    def _kpi_check_numbers(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or field.type not in ("float", "integer", "monetary") or value is False or value is None:
                continue
            label = field._description_string(self.env)
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValidationError(
                    self.env._("%(field)s: “%(value)s” is not a number.", field=label, value=value)
                ) from None
            if not math.isfinite(number) or abs(number) > NUMBER_LIMIT:
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(value)s is not a usable number (at most %(limit)s).",
                        field=label,
                        value=value,
                        limit=f"{NUMBER_LIMIT:,}",
                    )
                )
            if field.type == "integer" and number != int(number):
                raise ValidationError(
                    self.env._("%(field)s is a whole number, not %(value)s.", field=label, value=value)
                )
