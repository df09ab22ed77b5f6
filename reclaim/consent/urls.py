from __future__ import annotations

from django.urls import path

from reclaim.consent.views import consents, templates

app_name = "consent"

urlpatterns = [
    path("cases/<uuid:case_id>/consent/", consents.case_consents, name="case"),
    path("cases/<uuid:case_id>/consent/add/", consents.consent_add, name="add"),
    path("cases/<uuid:case_id>/consent/<uuid:consent_id>/", consents.consent_detail, name="detail"),
    path("cases/<uuid:case_id>/consent/<uuid:consent_id>/summary/", consents.consent_summary, name="summary"),
    path("cases/<uuid:case_id>/consent/<uuid:consent_id>/revoke/", consents.consent_revoke, name="revoke"),
    path("consent-templates/", templates.consent_templates, name="templates"),
    path("consent-templates/add/", templates.template_add, name="template_add"),
    path("consent-templates/<uuid:template_id>/", templates.template_edit, name="template_edit"),
    path("consent-templates/<uuid:template_id>/retire/", templates.template_retire, name="template_retire"),
]
