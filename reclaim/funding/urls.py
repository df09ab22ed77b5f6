from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from reclaim.funding import views

app_name = "funding"

urlpatterns: list[URLPattern | URLResolver] = [
    path("funding/", views.grant_list, name="list"),
    path("funding/add/", views.grant_add, name="add"),
    path("funding/funders/", views.funders, name="funders"),
    path("funding/funders/add/", views.funder_add, name="funder_add"),
    path("funding/funders/<uuid:funder_id>/", views.funder_edit, name="funder_edit"),
    path("funding/in-kind/", views.in_kind, name="in_kind"),
    path("funding/in-kind/<uuid:row_id>/", views.in_kind_edit, name="in_kind_edit"),
    path("funding/staff-time/<uuid:row_id>/", views.staff_time_edit, name="staff_time_edit"),
    path("funding/costs/<uuid:row_id>/", views.direct_cost_edit, name="direct_cost_edit"),
    path("funding/cost-per-service/", views.cost_per_service, name="cost_per_service"),
    path("funding/cost-per-service.csv", views.cost_per_service_csv, name="cost_per_service_csv"),
    path("funding/gaps/", views.gaps, name="gaps"),
    path("funding/<uuid:grant_id>/", views.grant_edit, name="edit"),
    path("funding/<uuid:grant_id>/active/", views.grant_set_active, name="set_active"),
    path("funding/<uuid:grant_id>/budget-lines/", views.budget_line_add, name="budget_line_add"),
    path("funding/<uuid:grant_id>/budget-lines/<uuid:line_id>/", views.budget_line_edit, name="budget_line_edit"),
    path("funding/<uuid:grant_id>/staff-time/", views.staff_time, name="staff_time"),
    path("funding/<uuid:grant_id>/costs/", views.direct_costs, name="direct_costs"),
    path("funding/<uuid:grant_id>/burn-down/", views.burn_down, name="burn_down"),
    path("funding/<uuid:grant_id>/burn-down.csv", views.burn_down_csv, name="burn_down_csv"),
]
