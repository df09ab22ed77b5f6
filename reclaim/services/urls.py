from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from reclaim.services.views import log

app_name = "services"

urlpatterns: list[URLPattern | URLResolver] = [
    # The service delivery log (services/views/log.py)
    path("cases/<uuid:case_id>/services/", log.case_services, name="case_services"),
    path("cases/<uuid:case_id>/services/add/", log.case_service_add, name="case_service_add"),
    path("cases/<uuid:case_id>/services/<uuid:service_id>/correct/", log.service_correct, name="service_correct"),
    path("cases/<uuid:case_id>/services/<uuid:service_id>/void/", log.service_void, name="service_void"),
    path("services/", log.service_log, name="log"),
    path("services/export/", log.service_log_export, name="log_export"),
    path("services/day/", log.day_entry, name="day"),
    path("services/taxonomy/", log.taxonomy, name="taxonomy"),
]
