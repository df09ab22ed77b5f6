from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "reclaim.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Authentication events are Django's and allauth's signals; recording them is the one place we
        # listen to signals, because login happens inside their views, not in our actions.
        from reclaim.accounts import auth_events

        auth_events.connect()
