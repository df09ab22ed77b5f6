"""Rights information: the agency's library of plain-language pages (read by staff who work cases and agency
admins, edited by admins, directors, supervisors and the legal team), a printable page, and the case tab
that shares pages with the survivor and withdraws them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id, can_edit_case
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.legal import actions, rights_access, rights_selectors
from reclaim.legal.rights_forms import ArticleForm, LibraryFilterForm, NewArticleForm, ShareForm
from reclaim.legal.selectors import policy_for

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.legal.models import RightsArticle


def rights_library(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agency_id = rights_access.require_library_reader(user)
    jurisdictions, languages = rights_selectors.library_choices(agency_id)
    form = LibraryFilterForm(request.GET or None, jurisdictions=jurisdictions, languages=languages)
    filters = form.cleaned_data if form.is_valid() else {}
    articles = rights_selectors.articles_for_agency(
        agency_id, jurisdiction=filters.get("jurisdiction", ""), language=filters.get("language", "")
    )
    can_edit = rights_access.can_edit_articles(user)
    return render(
        request,
        "legal/rights/library.html",
        {
            "form": form,
            "articles": articles,
            "can_edit": can_edit,
            "archived": list(rights_selectors.archived_articles_for_agency(agency_id)) if can_edit else [],
        },
    )


def rights_article(request: HttpRequest, article_id: UUID) -> HttpResponse:
    """One page, read on screen; `?print=1` gives the page alone, with a neutral header, to hand over on paper."""
    user = request_user(request)
    article = rights_access.access_article_by_id(user, article_id)
    if request.GET.get("print"):
        return render(request, "legal/rights/article_print.html", {"article": article})
    agency_id = rights_access.require_library_reader(user)
    current = rights_selectors.effective_article(agency_id, article)
    translations = [
        a
        for a in rights_selectors.articles_for_agency(agency_id, jurisdiction=article.jurisdiction, topic=article.topic)
        if a.language != article.language
    ]
    return render(
        request,
        "legal/rights/article.html",
        {
            "article": article,
            "current": current,
            "translations": translations,
            "can_edit": rights_access.can_edit_articles(user),
        },
    )


def _edit_context(target: rights_selectors.EditTarget, form: ArticleForm, conflict: Any = None) -> dict[str, Any]:
    return {"target": target, "form": form, "conflict": conflict, "article": target.text}


@require_http_methods(["GET", "POST"])
def rights_edit(request: HttpRequest, article_id: UUID) -> HttpResponse:
    """Edit a page for the agency (a shipped page gets the agency's copy); `action=restore` shows the
    shipped text again (or archives a page of the agency's own)."""
    user = request_user(request)
    article = rights_access.access_article_by_id(user, article_id, for_write=True)
    agency_id = rights_access.require_article_editor(user)
    target = rights_selectors.edit_target(agency_id, article)
    initial = {"title": target.text.title, "body": target.text.body, "version": target.row.version}
    if request.method == "POST" and request.POST.get("action") == "restore":
        return _restore(request, user, target)
    form = ArticleForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.do_edit_rights_article(
                actor=user,
                agency_id=agency_id,
                article=target.row,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc
            target = rights_selectors.edit_target(agency_id, rights_access.access_article_by_id(user, article_id))
            data = request.POST.copy()
            data["version"] = str(target.row.version)
            form = ArticleForm(data, initial=initial)
            form.is_valid()
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Page saved. Your agency's staff and survivors now see this version."))
            return redirect("legal:rights_article", article_id=saved.pk)
    return render(request, "legal/rights/edit.html", _edit_context(target, form, conflict))


def _restore(request: HttpRequest, user: User, target: rights_selectors.EditTarget) -> HttpResponse:
    form = ArticleForm(initial={"title": target.text.title, "body": target.text.body, "version": target.row.version})
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        restored = actions.do_unpublish_rights_article(actor=user, article=target.row, expected_version=version)
    except EditConflict as exc:
        return render(request, "legal/rights/edit.html", _edit_context(target, form, exc))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("legal:rights_edit", article_id=target.row.pk)
    if restored.based_on_id:
        messages.success(request, _("The shipped text is shown again. Your agency's version is kept in the history."))
        return redirect("legal:rights_article", article_id=restored.based_on_id)
    messages.success(request, _("The page is archived. Staff and survivors no longer see it."))
    return redirect("legal:rights")


@require_http_methods(["GET", "POST"])
def rights_add(request: HttpRequest) -> HttpResponse:
    """A new page of the agency's own: a new topic, or a translation (`?topic=&jurisdiction=` prefill)."""
    user = request_user(request)
    agency_id = rights_access.require_article_editor(user)
    initial = {k: request.GET.get(k, "") for k in ("jurisdiction", "language", "topic")}
    initial["jurisdiction"] = initial["jurisdiction"] or policy_for(agency_id).default_jurisdiction
    form = NewArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article = actions.do_add_rights_article(actor=user, agency_id=agency_id, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Page added."))
            return redirect("legal:rights_article", article_id=article.pk)
    return render(request, "legal/rights/add.html", {"form": form, "topics": rights_selectors.known_topics(agency_id)})


def _case_context(user: User, case: Case, request: HttpRequest, form: ShareForm | None = None) -> dict[str, Any]:
    preferred = (case.survivor.preferred_language or "").strip()
    everything = rights_selectors.articles_for_agency(case.agency_id)
    languages = sorted({a.language for a in everything})
    chosen = request.GET.get("language")
    if chosen is None:
        chosen = preferred if preferred in languages else ""
    offered: list[RightsArticle] = [a for a in everything if not chosen or a.language == chosen]
    return {
        "case": case,
        "tab": "legal",
        "shares": list(rights_selectors.shares_for_case(case)),
        "share_form": form or ShareForm(articles=offered),
        "share_languages": languages,
        "chosen_language": chosen,
        "preferred_language": preferred,
        "can_share": can_edit_case(user, case),
    }


@require_http_methods(["GET", "POST"])
def case_rights(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The pages shared with the survivor on this case (live and withdrawn), and a form to share one."""
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=request.method == "POST")
    form = None
    if request.method == "POST":
        form = ShareForm(request.POST, articles=rights_selectors.articles_for_agency(case.agency_id))
        if form.is_valid():
            try:
                actions.do_share_rights(actor=user, case=case, article=form.chosen())
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Shared. The survivor can read this page in the portal."))
                return redirect("legal:case_rights", case_id=case.pk)
    return render(request, "legal/rights/case_rights.html", _case_context(user, case, request, form))


@require_POST
def rights_share_withdraw(request: HttpRequest, case_id: UUID, share_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    share = rights_access.access_share(user, case, share_id, for_write=True)
    try:
        actions.do_withdraw_rights_share(actor=user, share=share)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Withdrawn. The survivor no longer sees this page."))
    return redirect("legal:case_rights", case_id=case.pk)
