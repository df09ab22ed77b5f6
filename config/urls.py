from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from reclaim.accounts import views as account_views
from reclaim.api.api import api
from reclaim.cases.views import dashboard, tasks

admin.site.site_header = _("Reclaim configuration")

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("tasks/", tasks.my_tasks, name="tasks"),
    path("accounts/", include("allauth.urls")),
    path("invitations/<str:secret>/", account_views.invitation_accept, name="invitation_accept"),
    path("", include("reclaim.accounts.urls")),
    path("survivors/", include("reclaim.people.urls")),
    path("cases/", include("reclaim.cases.urls")),
    path("", include("reclaim.documents.urls")),
    path("", include("reclaim.assessments.urls")),
    path("", include("reclaim.plans.urls")),
    path("", include("reclaim.services.urls")),
    path("", include("reclaim.scheduling.urls")),
    path("", include("reclaim.consent.urls")),
    path("", include("reclaim.referrals.urls")),
    path("", include("reclaim.funding.urls")),
    path("", include("reclaim.legal.urls")),
    path("", include("reclaim.reporting.urls")),
    path("", include("reclaim.connect.urls")),
    path("", include("reclaim.outreach.urls")),
    path("", include("reclaim.interop.urls")),
    path("", include("reclaim.retention.urls")),
    path("portal/", include("reclaim.portal.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path(f"{settings.RECLAIM_ADMIN_PATH}/", admin.site.urls),
]

handler404 = "reclaim.api.errors.not_found"
