"""Forms of the rights pages: the library's filters, writing a page, and sharing one from a case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from reclaim.legal.actions import ARTICLE_BODY_MAX, ARTICLE_TITLE_MAX

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reclaim.legal.models import RightsArticle


def language_name(code: str) -> str:
    """The language's own name ("Español") when Django knows it, else the code."""
    try:
        info = get_language_info(code)
    except KeyError:
        try:
            info = get_language_info(code.split("-", maxsplit=1)[0])
        except KeyError:
            return code
    return str(info["name_local"])


class LibraryFilterForm(forms.Form):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, jurisdictions: Iterable[str], languages: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [("", _("All jurisdictions")), *((j, j) for j in jurisdictions)]  # type: ignore[attr-defined]
        self.fields["language"].choices = [("", _("All languages")), *((c, language_name(c)) for c in languages)]  # type: ignore[attr-defined]


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=ARTICLE_TITLE_MAX)
    body = forms.CharField(
        label=_("Text"),
        max_length=ARTICLE_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Plain text. Leave an empty line between paragraphs. Use short sentences and everyday words; "
            "say what the person can do and where to get help."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class NewArticleForm(forms.Form):
    jurisdiction = forms.CharField(
        label=_("Jurisdiction"), max_length=20, help_text=_("A country code, or country and region: US, US-CA, GB.")
    )
    language = forms.CharField(label=_("Language"), max_length=12, help_text=_("A language code: en, es, pt-BR."))
    topic = forms.CharField(
        label=_("Topic"),
        max_length=60,
        help_text=_(
            "A short code that stays the same in every language, such as t_visa. Use an existing topic to add a "
            "translation."
        ),
        widget=forms.TextInput(attrs={"list": "known-topics"}),
    )
    title = forms.CharField(label=_("Title"), max_length=ARTICLE_TITLE_MAX)
    body = forms.CharField(
        label=_("Text"),
        max_length=ARTICLE_BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=ArticleForm.base_fields["body"].help_text,
    )


class ShareForm(forms.Form):
    article = forms.ChoiceField(label=_("Page to share"))

    def __init__(self, *args: Any, articles: list[RightsArticle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.articles = {str(a.pk): a for a in articles}
        by_language: dict[str, list[tuple[str, str]]] = {}
        for article in articles:
            by_language.setdefault(article.language, []).append((str(article.pk), article.title))
        self.fields["article"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a page")),
            *((language_name(code), options) for code, options in by_language.items()),
        ]

    def chosen(self) -> RightsArticle:
        return self.articles[self.cleaned_data["article"]]
