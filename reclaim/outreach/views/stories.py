"""Survivors' stories (issue 10 item 4).

The case side (the case file's Stories tab): draft a story on a live media consent, record the survivor's review,
withdraw. The outreach side (the stories library): approved stories on a live consent, with nothing of the case,
and their use in campaigns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from reclaim.accounts.http import request_user
from reclaim.cases.access import access_case_by_id, can_edit_case
from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.outreach import stories_actions as actions
from reclaim.outreach import stories_selectors as selectors
from reclaim.outreach.access import require
from reclaim.outreach.models import Attribution
from reclaim.outreach.stories_access import (
    access_case_story,
    access_library_story,
    can_read_stories,
    can_use_stories,
)
from reclaim.outreach.stories_forms import StoryForm, StoryReviewForm, StoryUseForm, StoryWithdrawForm, VersionForm

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.accounts.models import User
    from reclaim.cases.models import Case
    from reclaim.consent.models import ConsentRecord
    from reclaim.outreach.models import Story

STORY_TEXT_FIELDS = ("title", "text", "quote", "note")


def _consent_label(consent: ConsentRecord) -> str:
    scope = _("may name them") if actions.identity_allowed(consent) else _("anonymous only")
    return _("Media consent, %(start)s to %(end)s (%(scope)s)") % {
        "start": consent.starts_on.isoformat(),
        "end": consent.expires_on.isoformat(),
        "scope": scope,
    }


# --- Case side -------------------------------------------------------------------------------------------------


def case_stories(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id)
    consents = list(selectors.live_media_consents_for_case(case))
    return render(
        request,
        "outreach/stories_case.html",
        {
            "case": case,
            "tab": "stories",
            "stories": selectors.stories_for_case(case),
            "live_consents": consents,
            "can_edit": can_edit_case(user, case),
        },
    )


def _no_consent(request: HttpRequest, case: Case, status: int = 200) -> HttpResponse:
    return render(request, "outreach/stories_no_consent.html", {"case": case, "tab": "stories"}, status=status)


@sensitive_post_parameters(*STORY_TEXT_FIELDS)
@require_http_methods(["GET", "POST"])
def case_story_add(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access_case_by_id(user, case_id, for_write=True)
    consents = list(selectors.live_media_consents_for_case(case))
    if not consents:
        return _no_consent(request, case, status=400 if request.method == "POST" else 200)
    choices = [(str(consent.pk), _consent_label(consent)) for consent in consents]
    form = StoryForm(request.POST or None, consents=choices, initial={"consent": choices[0][0]})
    identifying = False
    if request.method == "POST" and form.is_valid():
        try:
            story = actions.do_draft_story(actor=user, case=case, data=form.story_input())
        except DomainError as exc:
            add_domain_errors(form, exc)
            identifying = exc.code == "story.identifying"
        else:
            messages.success(request, _("Story drafted. Read it with the survivor before it can be used."))
            return redirect("outreach:story_case_detail", case.pk, story.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "outreach/stories_form.html",
        {"case": case, "tab": "stories", "form": form, "story": None, "identifying": identifying},
        status=status,
    )


def _detail(
    request: HttpRequest, user: User, case: Case, story: Story, status: int = 200, **forms: Any
) -> HttpResponse:
    editable = can_edit_case(user, case) and story.status != "withdrawn"
    return render(
        request,
        "outreach/stories_case_detail.html",
        {
            "case": case,
            "tab": "stories",
            "story": story,
            "consent_live": story.consent.is_live_on(timezone.localdate()),
            "uses": selectors.uses_of_story(story),
            "editable": editable,
            "reviewable": editable and story.status in actions.REVIEWABLE_STATUSES,
            "sendable": editable and story.status in ("draft", "changes_requested"),
            "send_form": VersionForm(initial={"version": story.version}),
            "review_form": forms.get("review_form")
            or StoryReviewForm(initial={"version": story.version, "reviewed_on": timezone.localdate()}),
            "withdraw_form": forms.get("withdraw_form") or StoryWithdrawForm(initial={"version": story.version}),
        },
        status=status,
    )


def case_story_detail(request: HttpRequest, case_id: UUID, story_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, story = access_case_story(user, case_id, story_id)
    return _detail(request, user, case, story)


def _initial(story: Story) -> dict[str, Any]:
    return {
        "version": story.version,
        "title": story.title,
        "text": story.text,
        "quote": story.quote,
        "attribution": story.attribution,
    }


@sensitive_post_parameters(*STORY_TEXT_FIELDS)
@require_http_methods(["GET", "POST"])
def case_story_edit(request: HttpRequest, case_id: UUID, story_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, story = access_case_story(user, case_id, story_id, for_write=True)
    if story.status == "withdrawn":
        messages.error(request, _("This story was withdrawn; it cannot be changed."))
        return redirect("outreach:story_case_detail", case.pk, story.pk)
    form = StoryForm(request.POST or None, initial=_initial(story))
    conflict = identifying = False
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_edit_story(
                actor=user,
                story=story,
                data=form.story_input(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except EditConflict:
            case, story = access_case_story(user, case_id, story_id)
            data = request.POST.copy()
            data["version"] = str(story.version)
            form = StoryForm(data, initial=_initial(story))
            form.is_valid()
            conflict = True
        except DomainError as exc:
            add_domain_errors(form, exc)
            identifying = exc.code == "story.identifying"
        else:
            messages.success(request, _("Story saved. It is a draft again until the survivor reviews this version."))
            return redirect("outreach:story_case_detail", case.pk, story.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "outreach/stories_form.html",
        {
            "case": case,
            "tab": "stories",
            "form": form,
            "story": story,
            "conflict": conflict,
            "identifying": identifying,
        },
        status=409 if conflict else status,
    )


def _conflict(request: HttpRequest, case: Case, story: Story) -> HttpResponse:
    messages.error(request, _("Someone changed this story while you were looking at it. Check it again."))
    return redirect("outreach:story_case_detail", case.pk, story.pk)


@require_POST
def case_story_send(request: HttpRequest, case_id: UUID, story_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, story = access_case_story(user, case_id, story_id, for_write=True)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The story could not be changed. Try again."))
        return _detail(request, user, case, story, status=400)
    try:
        actions.do_send_story_for_review(actor=user, story=story, expected_version=form.cleaned_data["version"])
    except EditConflict:
        return _conflict(request, case, story)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _detail(request, user, case, story, status=400)
    messages.success(request, _("Marked as waiting for the survivor's review."))
    return redirect("outreach:story_case_detail", case.pk, story.pk)


@sensitive_post_parameters("note")
@require_POST
def case_story_review(request: HttpRequest, case_id: UUID, story_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, story = access_case_story(user, case_id, story_id, for_write=True)
    form = StoryReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_story_review(
                actor=user,
                story=story,
                outcome=data["outcome"],
                how=data["how"],
                reviewed_on=data["reviewed_on"],
                note=data["note"],
                expected_version=data["version"],
            )
        except EditConflict:
            return _conflict(request, case, story)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The survivor's review is recorded."))
            return redirect("outreach:story_case_detail", case.pk, story.pk)
    return _detail(request, user, case, story, status=400, review_form=form)


@sensitive_post_parameters("note")
@require_POST
def case_story_withdraw(request: HttpRequest, case_id: UUID, story_id: UUID) -> HttpResponse:
    user = request_user(request)
    case, story = access_case_story(user, case_id, story_id, for_write=True)
    form = StoryWithdrawForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_withdraw_story(
                actor=user, story=story, reason=data["reason"], note=data["note"], expected_version=data["version"]
            )
        except EditConflict:
            return _conflict(request, case, story)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Story withdrawn. It left the library and every campaign."))
            return redirect("outreach:story_case_detail", case.pk, story.pk)
    return _detail(request, user, case, story, status=400, withdraw_form=form)


# --- Outreach side: the library -------------------------------------------------------------------------------


def credit_label(story: Story) -> str:
    """How the story is credited, in the only form the survivor allowed."""
    if story.attribution == Attribution.ANONYMOUS or not story.credit_name:
        return _("Anonymous")
    return str(story.credit_name)


def _campaign_choices(user: User) -> list[tuple[str, str]]:
    return [(str(campaign.pk), campaign.name) for campaign in selectors.campaigns_for_stories(user)]


def library(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(can_read_stories(user))
    stories = [(story, credit_label(story)) for story in selectors.library_stories(user)]
    return render(request, "outreach/stories_library.html", {"stories": stories})


def _library_detail(request: HttpRequest, user: User, story: Story, status: int = 200, **extra: Any) -> HttpResponse:
    can_use = can_use_stories(user)
    return render(
        request,
        "outreach/stories_library_detail.html",
        {
            "story": story,
            "credit": credit_label(story),
            "can_use": can_use,
            "use_form": extra.get("use_form") or (StoryUseForm(campaigns=_campaign_choices(user)) if can_use else None),
        },
        status=status,
    )


def library_detail(request: HttpRequest, story_id: UUID) -> HttpResponse:
    user = request_user(request)
    require(can_read_stories(user))
    return _library_detail(request, user, access_library_story(user, story_id))


@require_POST
def story_use_add(request: HttpRequest, story_id: UUID) -> HttpResponse:
    user = request_user(request)
    require(can_use_stories(user))
    story = access_library_story(user, story_id, for_write=True)
    form = StoryUseForm(request.POST, campaigns=_campaign_choices(user))
    if form.is_valid():
        try:
            actions.do_use_story_in_campaign(actor=user, story=story, campaign_id=form.cleaned_data["campaign"])
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The story is now used in the campaign."))
            return redirect("outreach:story_library_detail", story.pk)
    return _library_detail(request, user, story, status=400, use_form=form)


@require_POST
def story_use_end(request: HttpRequest, story_id: UUID, use_id: UUID) -> HttpResponse:
    user = request_user(request)
    require(can_use_stories(user))
    story = access_library_story(user, story_id, for_write=True)
    use = selectors.use_of_story(story, use_id)
    if use is None:
        raise Http404
    if use.ended_at is None:
        actions.do_end_story_use(actor=user, use=use)
        messages.success(request, _("The story was taken out of the campaign."))
    else:
        messages.info(request, _("The story was already taken out of that campaign."))
    return redirect("outreach:story_library_detail", story.pk)
