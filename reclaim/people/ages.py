"""Age bands: what case lists, filters and exports carry instead of a birth date (DOMAIN.md §4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    import datetime


class AgeBand(models.TextChoices):
    UNDER_12 = "0-11", _("Under 12")
    TEEN = "12-17", _("12 to 17")
    MINOR = "minor", _("Under 18 (exact age not known)")
    YOUNG_ADULT = "18-24", _("18 to 24")
    ADULT_25 = "25-34", _("25 to 34")
    ADULT_35 = "35-49", _("35 to 49")
    ADULT_50 = "50+", _("50 or older")
    ADULT = "adult", _("18 or older (exact age not known)")
    UNKNOWN = "unknown", _("Not known")


MINOR_BANDS = frozenset({AgeBand.UNDER_12, AgeBand.TEEN, AgeBand.MINOR})
# (lowest age, band), highest first
_BOUNDS = ((50, AgeBand.ADULT_50), (35, AgeBand.ADULT_35), (25, AgeBand.ADULT_25), (18, AgeBand.YOUNG_ADULT))
_MINOR_BOUNDS = ((12, AgeBand.TEEN), (0, AgeBand.UNDER_12))


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def age_band(date_of_birth: datetime.date | None, on: datetime.date, *, is_minor: bool | None = None) -> AgeBand:
    """The band for the age on `on`; without a birth date, what is known about majority."""
    if date_of_birth is None or date_of_birth > on:
        if is_minor is None:
            return AgeBand.UNKNOWN
        return AgeBand.MINOR if is_minor else AgeBand.ADULT
    age = age_on(date_of_birth, on)
    for lowest, band in (*_BOUNDS, *_MINOR_BOUNDS):
        if age >= lowest:
            return band
    return AgeBand.UNDER_12
