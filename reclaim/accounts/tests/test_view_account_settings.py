"""A staff member's own settings page, the header's language picker and the language they bring to every page."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from conftest import login_client
from reclaim.core.models import AuditEvent


def test_the_settings_page_offers_each_language_in_its_own_name(personas):
    # given a signed-in case manager
    client = login_client(personas["case_manager"])
    # when they open their settings
    response = client.get(reverse("accounts:settings"))
    # then the four languages are offered, each named in itself, plus "the browser's"
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["language"].choices)
    assert choices.keys() == {"", "en", "es", "fr", "ar"}
    assert (choices["es"], choices["fr"], choices["ar"]) == ("español", "français", "العربيّة")


def test_the_chosen_language_follows_the_user_to_every_page(personas):
    # given a case manager whose browser asks for English
    user = personas["case_manager"]
    client = login_client(user)
    # when they choose French in their settings
    response = client.post(reverse("accounts:settings"), {"language": "fr"}, HTTP_ACCEPT_LANGUAGE="en")
    # then it is saved and audited, and the next pages are in French
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:settings")
    user.refresh_from_db()
    assert user.language == "fr"
    assert AuditEvent.objects.filter(action="user.language_changed", actor_id=user.pk).count() == 1
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)  # another device: no cookie
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert home["Content-Language"] == "fr"
    assert '<html lang="fr" dir="ltr">' in home.content.decode()


def test_arabic_pages_are_right_to_left(personas):
    # given a supervisor who chose Arabic
    client = login_client(personas["supervisor"])
    client.post(reverse("accounts:settings"), {"language": "ar"})
    # when they open the case list
    page = client.get(reverse("cases:list"), HTTP_ACCEPT_LANGUAGE="en")
    # then the page is Arabic and right to left
    assert '<html lang="ar" dir="rtl">' in page.content.decode()


def test_the_header_picker_saves_the_choice_and_returns_to_the_page(personas):
    # given a signed-in case manager on the case list
    user = personas["case_manager"]
    client = login_client(user)
    page = client.get(reverse("cases:list"))
    assert f'action="{reverse("accounts:settings")}"' in page.content.decode()
    # when they pick Spanish in the header
    response = client.post(reverse("accounts:settings"), {"language": "es", "next": reverse("cases:list")})
    # then they are back on the case list, in Spanish, and the choice is theirs
    assert response["Location"] == reverse("cases:list")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    user.refresh_from_db()
    assert user.language == "es"


def test_next_may_not_lead_off_site(personas):
    # given a signed-in user
    client = login_client(personas["case_manager"])
    # when the picker is posted with a foreign `next`
    response = client.post(reverse("accounts:settings"), {"language": "es", "next": "https://evil.example/"})
    # then they land on their settings page instead
    assert response["Location"] == reverse("accounts:settings")


def test_an_unknown_language_is_a_field_error(personas):
    # given a signed-in user
    user = personas["case_manager"]
    client = login_client(user)
    # when a language Reclaim does not offer is posted
    response = client.post(reverse("accounts:settings"), {"language": "de"})
    # then the form says so and nothing is saved
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    user.refresh_from_db()
    assert user.language == ""


def test_blank_hands_the_choice_back_to_the_browser(personas):
    # given a user who chose Arabic
    user = personas["case_manager"]
    client = login_client(user)
    client.post(reverse("accounts:settings"), {"language": "ar"})
    # when they choose "the language my browser asks for"
    response = client.post(reverse("accounts:settings"), {"language": ""})
    # then the browser decides again
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")
    assert page["Content-Language"] == "es"


def test_signed_out_pages_keep_the_browsers_choice(personas):
    # given someone not signed in whose browser asks for Spanish
    client = login_client(None)
    # when they open the sign-in page
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es")
    # then it is in Spanish, and the header picker is Django's cookie-based one
    assert page["Content-Language"] == "es"
    assert f'action="{reverse("set_language")}"' in page.content.decode()
