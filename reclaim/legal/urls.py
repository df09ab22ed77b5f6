from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.urls import URLPattern, URLResolver

app_name = "legal"

urlpatterns: list[URLPattern | URLResolver] = []

# helper "outcomes": law-enforcement contact log and legal outcomes
from django.urls import path  # noqa: E402

from reclaim.legal.views import le_contacts, outcomes  # noqa: E402

urlpatterns += [
    path("cases/<uuid:case_id>/legal/law-enforcement/", le_contacts.le_contacts, name="le_contacts"),
    path("cases/<uuid:case_id>/legal/law-enforcement/add/", le_contacts.le_contact_add, name="le_contact_add"),
    path(
        "cases/<uuid:case_id>/legal/law-enforcement/<uuid:contact_id>/edit/",
        le_contacts.le_contact_edit,
        name="le_contact_edit",
    ),
    path("legal/outcomes/", outcomes.outcomes, name="outcomes"),
    path("legal/outcomes/export.csv", outcomes.outcomes_csv, name="outcomes_csv"),
]
