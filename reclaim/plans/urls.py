from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from reclaim.plans.views import plan as views

app_name = "plans"

P = "cases/<uuid:case_id>/plan/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.plan_tab, name="plan"),
    path(f"{P}start/", views.plan_start, name="start"),
    path(f"{P}goals/add/", views.goal_add, name="goal_add"),
    path(f"{P}goals/<uuid:goal_id>/", views.goal_detail, name="goal"),
    path(f"{P}goals/<uuid:goal_id>/progress/", views.goal_progress, name="goal_progress"),
    path(f"{P}goals/<uuid:goal_id>/services/", views.goal_service_add, name="goal_service_add"),
    path(
        f"{P}goals/<uuid:goal_id>/services/<uuid:item_id>/remove/",
        views.goal_service_remove,
        name="goal_service_remove",
    ),
    path(f"{P}tasks/add/", views.task_add, name="task_add"),
    path(f"{P}tasks/<uuid:task_id>/", views.task_edit, name="task"),
    path(f"{P}tasks/<uuid:task_id>/done/", views.task_done, name="task_done"),
    path(f"{P}review/", views.plan_review, name="review"),
    path(f"{P}versions/<uuid:version_id>/", views.plan_version, name="version"),
    path(f"{P}versions/<uuid:version_id>/sign-off/", views.version_sign_off, name="sign_off"),
    path("plans/settings/", views.plan_policy, name="policy"),
]
