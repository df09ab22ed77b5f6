"""A survivor's own account: activation, sign-in, sign-out (here and everywhere), the signed-in home and
settings (language, safe contact, new-message note, authenticator app, passphrase)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.connect import actions
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors
from reclaim.portal import auth, forms
from reclaim.portal.home import home_sections
from reclaim.portal.http import LANGUAGE_NAMES, portal_view, render_portal, signed_in_account, survivor_required

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from reclaim.connect.models import PortalAccount

SIGN_IN_LIMIT = 20  # attempts per address per window, on top of the account's own lockout
SIGN_IN_WINDOW = 300
TOTP_SECRET_KEY = "_portal_totp_secret"  # noqa: S105 - a session key name, not a secret


def _throttled(request: HttpRequest) -> bool:
    key = f"portal-sign-in:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, SIGN_IN_WINDOW)
    try:
        attempts = cache.incr(key)
    except ValueError:
        cache.set(key, 1, SIGN_IN_WINDOW)
        attempts = 1
    return attempts > SIGN_IN_LIMIT


@sensitive_post_parameters("code", "username", "passphrase", "confirm")
@portal_view
@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest) -> HttpResponse:
    form = forms.ActivateForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request):
            form.add_error(None, _("Too many tries. Wait a few minutes, then try again."))
        elif form.is_valid():
            try:
                account = actions.do_activate(
                    code=form.cleaned_data["code"],
                    username=form.cleaned_data["username"],
                    passphrase=form.cleaned_data["passphrase"],
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                auth.sign_in(request, account)
                return redirect("portal:home")
        return render_portal(request, "portal/activate.html", {"form": form}, status=400)
    return render_portal(request, "portal/activate.html", {"form": form})


@sensitive_post_parameters("username", "passphrase", "code")
@portal_view
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if auth.current_account(request) is not None:
        return redirect("portal:home")
    form = forms.SignInForm(request.POST or None)
    idle = request.session.pop(auth.IDLE_NOTICE_KEY, False)
    if request.method == "POST":
        if _throttled(request):
            form.add_error(None, _("Too many tries. Wait a few minutes, then try again."))
        elif form.is_valid():
            try:
                account = actions.authenticate(
                    username=form.cleaned_data["username"],
                    passphrase=form.cleaned_data["passphrase"],
                    totp_code=form.cleaned_data["code"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                auth.sign_in(request, account)
                return redirect("portal:home")
        return render_portal(request, "portal/sign_in.html", {"form": form}, status=400)
    return render_portal(request, "portal/sign_in.html", {"form": form, "idle": idle})


@portal_view
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    auth.sign_out(request)
    return redirect("portal:help_now")


@survivor_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    actions.do_sign_out_everywhere(account=signed_in_account(request))
    auth.sign_out(request)
    return redirect("portal:help_now")


@survivor_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    account = signed_in_account(request)
    return render_portal(request, "portal/home.html", {"sections": home_sections(account)})


def _settings_context(request: HttpRequest, **forms_in: Any) -> dict[str, Any]:
    account = signed_in_account(request)
    languages = list(LANGUAGE_NAMES.items())
    return {
        "preferences": forms_in.get("preferences")
        or forms.PreferencesForm(
            initial={
                "language": account.language,
                "safe_contact": account.safe_contact,
                "notify_email": account.notify_email,
            },
            languages=languages,
        ),
        "totp_form": forms_in.get("totp_form") or forms.TotpForm(),
        "remove_totp_form": forms_in.get("remove_totp_form") or forms.PassphraseCheckForm(),
        "passphrase_form": forms_in.get("passphrase_form") or forms.ChangePassphraseForm(),
        "totp_secret": request.session.get(TOTP_SECRET_KEY, ""),
        "saved": forms_in.get("saved", ""),
    }


def _saved() -> HttpResponse:
    return redirect(reverse("portal:settings") + "?saved=1")


def _preferences(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    form = forms.PreferencesForm(request.POST, languages=list(LANGUAGE_NAMES.items()))
    if form.is_valid():
        try:
            actions.do_save_preferences(
                account=account,
                data=actions.Preferences(
                    language=form.cleaned_data["language"],
                    safe_contact=form.cleaned_data["safe_contact"],
                    notify_email=form.cleaned_data["notify_email"],
                ),
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            response = _saved()
            if form.cleaned_data["language"]:
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    form.cleaned_data["language"],
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                )
            return response
    return render_portal(request, "portal/settings.html", _settings_context(request, preferences=form), status=400)


def _totp_start(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    request.session[TOTP_SECRET_KEY] = generate_totp_secret()
    return render_portal(request, "portal/settings.html", _settings_context(request))


def _totp(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    form = forms.TotpForm(request.POST)
    secret = request.session.get(TOTP_SECRET_KEY, "")
    if form.is_valid() and secret:
        try:
            actions.do_set_totp(account=account, secret=secret, code=form.cleaned_data["code"])
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            request.session.pop(TOTP_SECRET_KEY, None)
            return _saved()
    return render_portal(request, "portal/settings.html", _settings_context(request, totp_form=form), status=400)


def _totp_remove(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    form = forms.PassphraseCheckForm(request.POST)
    if form.is_valid():
        try:
            actions.do_remove_totp(account=account, passphrase=form.cleaned_data["passphrase"])
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            return _saved()
    return render_portal(request, "portal/settings.html", _settings_context(request, remove_totp_form=form), status=400)


def _passphrase(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    form = forms.ChangePassphraseForm(request.POST)
    if form.is_valid():
        try:
            account = actions.do_change_passphrase(
                account=account, current=form.cleaned_data["current"], new=form.cleaned_data["new"]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            auth.sign_in(request, account)
            return _saved()
    return render_portal(request, "portal/settings.html", _settings_context(request, passphrase_form=form), status=400)


_SETTINGS_FORMS = {
    "preferences": _preferences,
    "totp_start": _totp_start,
    "totp": _totp,
    "totp_remove": _totp_remove,
    "passphrase": _passphrase,
}


@sensitive_post_parameters("safe_contact", "notify_email", "current", "new", "passphrase", "code")
@survivor_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render_portal(request, "portal/settings.html", _settings_context(request))
    handler = _SETTINGS_FORMS.get(request.POST.get("form", ""))
    if handler is None:
        return redirect("portal:settings")
    return handler(request, signed_in_account(request))
