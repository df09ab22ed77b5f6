"""The Assessments tab of a case file: the list of results, taking an assessment (one screen per
instrument), a result page, and acknowledging an alert. Each view passes a gate first: the case gate
(404 for outsiders), then the right to see screen results (403), then the right to record (403)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reclaim.accounts.http import request_user
from reclaim.assessments import access, actions, presentation, schedule_selectors, selectors
from reclaim.assessments.definition import default_language, matching_language
from reclaim.assessments.forms import AcknowledgeAlertForm, TakeAssessmentForm, text_in
from reclaim.assessments.scoring import allowed_missing
from reclaim.core.errors import DomainError
from reclaim.core.forms import add_domain_errors

if TYPE_CHECKING:
    from uuid import UUID

    from django.http import HttpRequest, HttpResponse

    from reclaim.assessments.models import Assessment
    from reclaim.cases.models import Case


def start_language(definition: dict[str, Any], case: Case) -> str:
    """Tell once: an instrument starts in the person's preferred language (kept on their record) when it is
    given in it, else in the interface language, else English."""
    preferred = matching_language(definition, case.survivor.preferred_language)
    return preferred or default_language(definition, translation.get_language())


def case_assessments(request: HttpRequest, case_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_assessments(user, case_id)
    rows = list(selectors.assessments_for_case(user, case))
    staff = translation.get_language() or "en"
    for row in rows:
        definition = row.instrument_version.definition
        row.band_view = presentation.band(definition, row.band, staff)  # type: ignore[attr-defined]
        row.total_shown = presentation.shown_total(definition, row.total)  # type: ignore[attr-defined]
        row.alert_messages = [presentation.alert_message(definition, c, staff) for c in row.alerts]  # type: ignore[attr-defined]
        row.language_name = presentation.language_name(row.language)  # type: ignore[attr-defined]
    instruments = list(selectors.instruments_for_agency(case.agency_id))
    can_record = access.can_record_assessments(user, case)
    if can_record:  # the start form offers each instrument's languages (one query)
        versions = selectors.current_versions(selectors.instruments_for_agency(case.agency_id))
        for instrument in instruments:
            version = versions.get(instrument.pk)
            definition = version.definition if version else {"languages": ["en"]}
            instrument.language_views = presentation.languages(definition)  # type: ignore[attr-defined]
            instrument.start_language = start_language(definition, case)  # type: ignore[attr-defined]
    return render(
        request,
        "assessments/case_assessments.html",
        {
            "case": case,
            "tab": "assessments",
            "assessments": rows,
            "instruments": instruments,
            "due": schedule_selectors.due_for_case(case, rows, instruments),  # two queries
            "today": timezone.localdate(),
            "can_record": can_record,
            "alerts": list(selectors.alerts_for_case(user, case)[:50]),
        },
    )


@require_http_methods(["GET", "POST"])
def take_assessment(request: HttpRequest, case_id: UUID, code: str) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_assessments(user, case_id, for_write=True)
    instrument = access.access_instrument_by_code(user, code)
    version = selectors.current_version(instrument)
    if version is None:
        return redirect("assessments:case_assessments", case_id=case.pk)
    definition = version.definition
    # The language of administration: the one asked for (the start form's choice, or the answers' hidden
    # field) when the instrument is given in it, else the person's preferred language, else the interface
    # language, else English.
    asked = request.POST.get("language") or request.GET.get("language")
    language = matching_language(definition, asked) or start_language(definition, case)
    form = TakeAssessmentForm(request.POST or None, definition=definition, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.do_record_assessment(
                actor=user,
                case=case,
                instrument_code=instrument.code,
                answers=form.answers(),
                administered_on=form.cleaned_data["administered_on"],
                language=form.cleaned_data["language"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Assessment saved."))
            return redirect("assessments:detail", case_id=case.pk, assessment_id=assessment.pk)
    return render(
        request,
        "assessments/take.html",
        {
            "case": case,
            "tab": "assessments",
            "form": form,
            "instrument": instrument,
            "title": presentation.title(definition, language),
            "language": language,
            "language_views": presentation.languages(definition),
            "instructions": text_in(definition.get("instructions"), language),
            "content_note": presentation.content_note(definition, translation.get_language() or "en"),
            "allowed_missing": allowed_missing(definition),
            "item_count": len(definition["items"]),
            "is_mean": definition["scoring"]["method"] == "mean",
            "bands": presentation.bands(definition, translation.get_language() or "en"),
        },
    )


def instrument_library(request: HttpRequest) -> HttpResponse:
    """The instruments offered to the agency, each with the languages it can be given in (and the validated
    translation each comes from) and the languages it is not available in."""
    membership = access.require_instrument_reader(request_user(request))
    instruments = list(selectors.instruments_for_agency(membership.agency_id))
    versions = selectors.current_versions(selectors.instruments_for_agency(membership.agency_id))
    for instrument in instruments:
        version = versions.get(instrument.pk)
        instrument.version = version  # type: ignore[attr-defined]
        definition = version.definition if version else {"languages": ["en"]}
        instrument.language_views = presentation.languages(definition)  # type: ignore[attr-defined]
    return render(request, "assessments/library.html", {"instruments": instruments})


def _result_context(user: Any, assessment: Assessment) -> dict[str, Any]:
    definition = assessment.instrument_version.definition
    language = assessment.language  # the questions and answers as they were given
    staff = translation.get_language() or "en"  # Reclaim's own texts (bands, alerts) in the reader's language
    result = assessment.result
    context: dict[str, Any] = {
        "assessment": assessment,
        "title": presentation.title(definition, language),
        "language_name": presentation.language_name(language),
        "total_shown": presentation.shown_total(definition, assessment.total),
        "band": presentation.band(definition, assessment.band, staff),
        "bands": presentation.bands(definition, staff),
        "subscales": [
            (presentation.subscale_label(definition, name, staff), value)
            for name, value in assessment.subscales.items()
        ],
        "clusters": result.get("clusters", []),
        "clusters_met": result.get("clusters_met"),
        "cutoffs": presentation.cutoff_views(definition, result, staff),
        "alert_messages": [presentation.alert_message(definition, c, staff) for c in assessment.alerts],
        "allowed_missing": allowed_missing(definition),
        "result": result,
        "sees_answers": selectors.sees_answers(user),
    }
    if context["sees_answers"]:
        answers = assessment.answers or []
        items = []
        for index, item in enumerate(definition["items"]):
            value = answers[index] if index < len(answers) else None
            options = item.get("options") or definition["options"]
            label = next((text_in(o["label"], language) for o in options if o["value"] == value), "")
            items.append({"id": item["id"], "text": text_in(item["text"], language), "value": value, "label": label})
        context["items"] = items
    return context


def assessment_detail(request: HttpRequest, case_id: UUID, assessment_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_assessments(user, case_id)
    assessment = access.access_assessment_by_id(user, case, assessment_id)
    context = _result_context(user, assessment)
    context.update(case=case, tab="assessments")
    return render(request, "assessments/result.html", context)


@require_http_methods(["GET", "POST"])
def acknowledge_alert(request: HttpRequest, case_id: UUID, alert_id: UUID) -> HttpResponse:
    user = request_user(request)
    case = access.access_case_for_assessments(user, case_id, for_write=True)
    alert = access.access_alert(user, case, alert_id, for_write=True)
    form = AcknowledgeAlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_acknowledge_alert(actor=user, alert=alert, note=form.cleaned_data["note"])
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Alert acknowledged."))
            return redirect("assessments:case_assessments", case_id=case.pk)
    definition = alert.assessment.instrument_version.definition
    return render(
        request,
        "assessments/acknowledge.html",
        {
            "case": case,
            "tab": "assessments",
            "alert": alert,
            "message": presentation.alert_message(definition, alert.rule_code, translation.get_language() or "en"),
            "form": form,
        },
    )
