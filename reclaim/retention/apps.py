from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    """How long records are kept, the purge that removes them, legal holds and survivors' erasure requests.

    An interface-layer app (like interop): the purge reaches every domain's tables through the foreign-key graph, so
    it sits above the domains and no domain imports it."""

    name = "reclaim.retention"
    label = "retention"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Data retention")

    def ready(self) -> None:
        from reclaim.accounts.context_processors import register_nav_source
        from reclaim.retention.nav import retention_nav

        register_nav_source(retention_nav)
