import math

from odoo import api, models
from odoo.exceptions import ValidationError

# No number of the product comes near it (minutes, points, hours, percentages,
# quantities, counts, years): above, it is a typing or a forged value.
NUMBER_LIMIT = 10_000_000
# The longest text a person types: a description or a document's number on one
# line; a report, review, reason or the minutes of a meeting (about 25 pages).
TEXT_LIMITS = {"char": 1_000, "text": 60_000, "html": 60_000}
# The years of the product's dates and of its `year` fields: a diary, a period,
# a deadline or a campaign of 1900 or 9999 is a typing error or forged.
YEARS = (2000, 2099)


class KpiInputGuardMixin(models.AbstractModel):
    """Every number a caller sends is a finite number in a sane range, and
    every text of a sane length, checked before anything is written (issue
    11): "NaN" passes every check written as `not lo <= x <= hi` and then
    breaks the scores, the exports and the lists of a whole agency; "inf" and
    1e308 overflow them; "abc" would end in a ValueError instead of a message;
    10 MB of text in a description fills every list and export it shows in."""

    _name = "kpi.input.guard.mixin"
    _description = "Inputs Checked on Entry"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kpi_check_inputs(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._kpi_check_inputs(vals)
        return super().write(vals)

    def _kpi_check_inputs(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or value is False or value is None:
                continue
            if field.type in TEXT_LIMITS:
                self._kpi_check_text(field, value)
            elif field.type in ("float", "integer", "monetary"):
                self._kpi_check_number(field, value)
                if name == "year" and value:
                    self._kpi_check_year(field, int(float(value)))
            elif field.type in ("date", "datetime"):
                self._kpi_check_date(field, value)

    def _kpi_check_date(self, field, value):
        try:
            day = field.convert_to_cache(value, self)
        except (TypeError, ValueError):
            raise ValidationError(
                self.env._(
                    "%(field)s: “%(value)s” is not a date.", field=field._description_string(self.env), value=value
                )
            ) from None
        if day:
            self._kpi_check_year(field, day.year)

    def _kpi_check_year(self, field, year):
        if not YEARS[0] <= year <= YEARS[1]:
            raise ValidationError(
                self.env._(
                    "%(field)s: the year %(year)s is outside the years the product works with (%(first)s–%(last)s).",
                    field=field._description_string(self.env),
                    year=year,
                    first=YEARS[0],
                    last=YEARS[1],
                )
            )

    def _kpi_check_text(self, field, value):
        if field.required and isinstance(value, str) and not value.strip():
            # PostgreSQL's NOT NULL takes "" and "   "; a person must write something
            raise ValidationError(self.env._("%s cannot be left empty.", field._description_string(self.env)))
        limit = TEXT_LIMITS[field.type]
        if isinstance(value, str) and len(value) > limit:
            raise ValidationError(
                self.env._(
                    "%(field)s is too long: %(length)s characters, at most %(limit)s.",
                    field=field._description_string(self.env),
                    length=f"{len(value):,}",
                    limit=f"{limit:,}",
                )
            )

    def _kpi_check_number(self, field, value):
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
            raise ValidationError(self.env._("%(field)s is a whole number, not %(value)s.", field=label, value=value))
