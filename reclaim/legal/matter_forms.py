"""Forms of the matter pages: they only validate (the rules live in actions). Every answer a worker may not
know yet is optional; choices come from selectors, so nobody picks another agency's staff or matter types."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reclaim.accounts.selectors import capabilities
from reclaim.cases.models import NOTE_MAX_LENGTH, NoteConfidentiality, NoteKind
from reclaim.cases.selectors import assignable_staff, note_levels_for
from reclaim.core.refdata import LEGAL_DEADLINE, shipped_label
from reclaim.documents.forms import ACCEPT
from reclaim.documents.models import Confidentiality, DocumentKind
from reclaim.documents.selectors import visible_levels
from reclaim.legal.actions import MATTER_DOCUMENT_LEVELS, MATTER_NOTE_LEVELS, MAX_NOTE, MAX_TEXT, MatterDetails
from reclaim.legal.matter_selectors import start_steps_for
from reclaim.legal.models import DeadlineKind, MatterType, StepDefinition, StepOutcome
from reclaim.legal.selectors import matter_types_for
from reclaim.referrals.directory_selectors import directory_organizations

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from reclaim.accounts.models import User
    from reclaim.referrals.models import Organization

DATE = forms.DateInput(attrs={"type": "date"})
CLOSING = [
    (StepOutcome.WITHDRAWN, _("Withdrawn")),
    (StepOutcome.CLOSED, _("Closed without a decision")),
    (StepOutcome.GRANTED, _("Granted or won")),
    (StepOutcome.DENIED, _("Denied or lost")),
]


def _date(
    label: StrOrPromise, *, required: bool = False, help_text: StrOrPromise = "", today: bool = False
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DATE,
        initial=timezone.localdate if today else None,
    )


def _text(label: StrOrPromise, *, limit: int = MAX_TEXT, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _note(label: StrOrPromise, *, help_text: StrOrPromise = "", limit: int = MAX_NOTE) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=limit, help_text=help_text, widget=forms.Textarea(attrs={"rows": 3})
    )


class MatterDetailsForm(forms.Form):
    """Counsel and references of a matter (shared by opening and editing)."""

    advocate: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Legal advocate"),
        queryset=None,  # set in __init__
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_("The staff member who works on this matter."),
    )
    counsel_organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("External counsel: organisation"),
        queryset=None,  # set in __init__
        required=False,
        empty_label=_("None"),
        help_text=_("A law firm or legal service from the partner directory, if one represents the person."),
    )
    counsel_name = _text(_("External attorney"))
    reference = _text(_("Receipt or court number"))
    court_or_body = _text(_("Court, office or body"))
    summary = _note(_("Summary"), help_text=_("What the matter is about, in a few neutral words."))

    DETAIL_FIELDS = ("advocate", "counsel_organization", "counsel_name", "reference", "court_or_body", "summary")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advocate"].queryset = assignable_staff(user)  # type: ignore[attr-defined]
        self.fields["counsel_organization"].queryset = (  # type: ignore[attr-defined]
            directory_organizations(user).filter(is_active=True).order_by("name")
        )

    def details(self) -> MatterDetails:
        data = self.cleaned_data
        return MatterDetails(
            advocate=data.get("advocate"),
            counsel_organization=data.get("counsel_organization"),
            counsel_name=data.get("counsel_name") or "",
            reference=data.get("reference") or "",
            court_or_body=data.get("court_or_body") or "",
            summary=data.get("summary") or "",
        )


class EditMatterForm(MatterDetailsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class OpenMatterForm(MatterDetailsForm):
    """Choose the type (grouped by jurisdiction), when it was opened and, for a matter already under way,
    the step it has reached."""

    matter_type = forms.ChoiceField(label=_("Type of matter"))
    opened_on = _date(_("Opened on"), required=True, today=True)
    start_step = forms.ChoiceField(
        label=_("Step it has reached"),
        required=False,
        help_text=_("Only for a matter already under way. Leave empty to start at the first step."),
    )
    deadline_on = _date(
        _("Deadline of that step"),
        help_text=_("Only if the step you chose has a deadline and you know its date; otherwise it is worked out."),
    )
    expiry_on = _date(
        _("Expiry date"),
        help_text=_("Only if the step you chose starts an expiry (for example, a status granted) and you know it."),
    )

    field_order = (
        "matter_type",
        "opened_on",
        "start_step",
        "deadline_on",
        "expiry_on",
        *MatterDetailsForm.DETAIL_FIELDS,
    )

    def __init__(self, *args: Any, user: User, agency_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if capabilities(user).sees_legal:
            # a legal advocate opening a matter usually carries it: they are chosen until they change it
            self.fields["advocate"].initial = user.pk
        self.types = {str(t.pk): t for t in matter_types_for(agency_id)}
        self.steps = {str(s.pk): s for s in start_steps_for(agency_id)}
        self.fields["matter_type"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a type")),
            *[
                (jurisdiction, [(str(t.pk), t.display_label) for t in group])
                for jurisdiction, group in groupby(self.types.values(), key=lambda t: t.jurisdiction)
            ],
        ]
        self.fields["start_step"].choices = [  # type: ignore[attr-defined]
            ("", _("The first step")),
            *[
                (str(matter_type), [(str(s.pk), s.display_label) for s in group])
                for matter_type, group in groupby(self.steps.values(), key=lambda s: s.matter_type)
            ],
        ]

    def clean_matter_type(self) -> MatterType:
        chosen = self.types.get(self.cleaned_data["matter_type"])
        if chosen is None:
            raise forms.ValidationError(_("Choose a type of matter from the list."))
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        step: StepDefinition | None = self.steps.get(data.get("start_step") or "")
        chosen = data.get("matter_type")
        if step is not None and chosen is not None and step.matter_type_id != chosen.pk:
            self.add_error("start_step", _("This step belongs to another type of matter."))
        data["start_step"] = step.code if step is not None else ""
        return data


def _offsets_field(help_text: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=_("Reminders, days before"),
        required=False,
        max_length=60,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def parse_offsets(text: str) -> list[int] | None:
    """ "90, 30, 7" -> [90, 30, 7]; empty -> None (the agency's default); anything else raises ValidationError."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if not parts:
        return None
    if not all(p.isdigit() for p in parts):
        raise forms.ValidationError(_("Use whole numbers of days, separated by commas."))
    return [int(p) for p in parts]


class DeadlineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DeadlineKind.choices, initial=DeadlineKind.DUE)
    title = forms.CharField(label=_("What is due"), max_length=MAX_TEXT, required=False)
    due_on = _date(_("Date"), required=True)
    reminder_offsets = _offsets_field(
        _("Whole numbers separated by commas, e.g. 90, 30, 7. Leave empty for your agency's usual reminders.")
    )

    def clean_reminder_offsets(self) -> list[int] | None:
        return parse_offsets(self.cleaned_data.get("reminder_offsets") or "")


class DeadlineEditForm(forms.Form):
    title = forms.CharField(
        label=_("What is due"), max_length=MAX_TEXT, required=False, help_text=_("Leave empty to keep it as it is.")
    )
    due_on = _date(_("Date"), required=True)
    reminder_offsets = _offsets_field(
        _("Whole numbers separated by commas, e.g. 90, 30, 7. Leave empty to keep the reminders as they are.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_reminder_offsets(self) -> list[int] | None:
        return parse_offsets(self.cleaned_data.get("reminder_offsets") or "")


class DeadlineDoneForm(forms.Form):
    on = _date(_("Done on"), required=True, today=True)
    version = forms.IntegerField(widget=forms.HiddenInput)


def _step_hint(next_steps: list[StepDefinition], attribute: str) -> str:
    return ", ".join(
        f"{s.display_label} ({shipped_label(getattr(s, attribute), LEGAL_DEADLINE, shipped=s.matter_type.is_shipped)})"
        for s in next_steps
        if getattr(s, attribute)
    )


class StepForm(forms.Form):
    """Move to one of the current step's next steps. Without scripts both optional dates are shown; their
    hints name the steps that use them."""

    to_step = forms.ChoiceField(label=_("Next step"), widget=forms.RadioSelect)
    on = _date(_("Date of this step"), required=True, today=True)
    note = _note(_("Note (legal team only)"), help_text=_("Seen only by the legal team and people they grant access."))
    deadline_on = _date(_("Deadline date"))
    expiry_on = _date(_("Expiry date"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, next_steps: list[StepDefinition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_step"].choices = [(s.code, s.display_label) for s in next_steps]  # type: ignore[attr-defined]
        with_deadline = _step_hint(next_steps, "deadline_label")
        with_expiry = _step_hint(next_steps, "expiry_label")
        if with_deadline:
            self.fields["deadline_on"].help_text = _(
                "Used by: %(steps)s. Leave empty to work it out from the step's usual time."
            ) % {"steps": with_deadline}
        else:
            del self.fields["deadline_on"]
        if with_expiry:
            self.fields["expiry_on"].help_text = _(
                "Used by: %(steps)s. Leave empty to work it out from the step's usual length."
            ) % {"steps": with_expiry}
        else:
            del self.fields["expiry_on"]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("How did it end?"), choices=CLOSING, widget=forms.RadioSelect)
    on = _date(_("Closed on"), required=True, today=True)
    note = _note(_("About the outcome (legal team only)"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MatterDocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG image, plain text, Word (DOCX) or OpenDocument (ODT) text."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": _("The file is empty."), "required": _("Choose a file to upload.")},
    )
    kind = forms.ChoiceField(
        label=_("Type of document"), choices=DocumentKind.choices, initial=DocumentKind.LEGAL_FILING
    )
    confidentiality = forms.ChoiceField(label=_("Who may see it"))
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("A neutral description, e.g. “Declaration”. Shown only to people who may see the document."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = [level for level in MATTER_DOCUMENT_LEVELS if level in visible_levels(user)]
        labels = dict(Confidentiality.choices)
        self.fields["confidentiality"].choices = [(level, labels[level]) for level in levels]  # type: ignore[attr-defined]
        self.fields["confidentiality"].initial = levels[0] if levels else None


class MatterNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the note before saving it.")},
    )
    confidentiality = forms.ChoiceField(label=_("Who may read it"))
    kind = forms.ChoiceField(label=_("Kind of note"), choices=NoteKind.choices, initial=NoteKind.OTHER)
    occurred_on = _date(_("Date"), today=True)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = [level for level in MATTER_NOTE_LEVELS if level in note_levels_for(user)]
        labels = dict(NoteConfidentiality.choices)
        self.fields["confidentiality"].choices = [(level, labels[level]) for level in levels]  # type: ignore[attr-defined]
        self.fields["confidentiality"].initial = levels[0] if levels else None
