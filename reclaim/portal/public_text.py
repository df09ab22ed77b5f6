"""Plain words for the kinds of service of the taxonomy (DOMAIN.md §5), as a visitor would ask for them.
A category without an entry here is shown with the taxonomy's own label."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PLAIN_CATEGORIES = {
    "crisis_intervention": _("Help in a crisis"),
    "housing_shelter": _("A safe place to stay"),
    "basic_necessities": _("Food, clothes and other basics"),
    "physical_healthcare": _("A doctor, nurse or dentist"),
    "psychological_support": _("Someone to talk to about how you feel"),
    "legal_assistance": _("Legal advice and help with papers"),
    "case_management": _("Someone to help you plan and find services"),
    "interpretation": _("An interpreter"),
    "childcare": _("Care for your children"),
    "transportation": _("Help getting to places and appointments"),
    "support_group": _("Groups where you can meet others"),
    "education": _("Classes, including English"),
    "vocational_training": _("Training for a job"),
    "job_placement": _("Help finding work"),
    "life_skills": _("Help with money and everyday life"),
}


def plain_category(code: str, label: str) -> str:
    return str(PLAIN_CATEGORIES.get(code, label))
