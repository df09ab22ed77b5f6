"""Form handling shared by the two places that manage a survivor's family and contacts: the case file's
"Family and contacts" tab (reached through the case gate) and the survivor record (the survivor gate).

The caller has already passed its gate; this module validates, calls the action and says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext as _

from reclaim.core.errors import DomainError, EditConflict
from reclaim.core.forms import add_domain_errors
from reclaim.people import actions, selectors
from reclaim.people.forms import ContactSafetyForm, RelationForm

if TYPE_CHECKING:
    from django.http import HttpRequest

    from reclaim.accounts.models import User
    from reclaim.people.models import Relation, Survivor

SENSITIVE_RELATION_POST = (
    "name",
    "phone",
    "email",
    "address",
    "notes",
    "date_of_birth",
    "unsafe_reason",
    "safe_times",
)


@dataclass
class Outcome:
    """What a submission came to: saved (`saved` set), refused (errors on `form`) or a conflict."""

    form: forms.Form
    saved: Any = None
    conflict: list[tuple[str, Any]] = field(default_factory=list)


def conflict_rows(form: forms.Form, current: dict[str, Any]) -> list[tuple[str, Any]]:
    """Their saved values as (label, readable value); None where nothing is recorded."""
    rows: list[tuple[str, Any]] = []
    for name, value in current.items():
        form_field = form.fields.get(name)
        label = form_field.label if form_field is not None and form_field.label else name
        if value is None or value == "":
            shown: Any = None
        elif isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif isinstance(form_field, forms.ChoiceField):
            shown = dict(form_field.choices).get(value, value)  # type: ignore[arg-type]
        else:
            shown = value
        rows.append((str(label), shown))
    return rows


def _on_current_version(form_class: type[forms.Form], request: HttpRequest, version: int) -> forms.Form:
    """The user's typing kept, moved onto the version saved now, so a second save is deliberate."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data)
    form.is_valid()
    return form


def save_relation(request: HttpRequest, *, user: User, survivor: Survivor, relation: Relation | None) -> Outcome:
    form = RelationForm(request.POST)
    if not form.is_valid():
        return Outcome(form)
    try:
        if relation is None:
            saved = actions.do_add_relation(actor=user, survivor=survivor, values=form.values())
        else:
            version = form.cleaned_data["version"]
            if version is None:
                form.add_error(None, _("Open the form again: it was sent without its version."))
                return Outcome(form)
            saved = actions.do_update_relation(
                actor=user, relation=relation, expected_version=version, changes=form.values()
            )
    except EditConflict as exc:
        fresh = _on_current_version(RelationForm, request, exc.current_version)
        return Outcome(fresh, conflict=conflict_rows(fresh, exc.current))
    except DomainError as exc:
        add_domain_errors(form, exc)
        return Outcome(form)
    return Outcome(form, saved=saved)


def archive_relation(request: HttpRequest, *, user: User, relation: Relation) -> bool:
    """Archive when the version sent is current; False on a conflict (nothing archived)."""
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        actions.do_archive_relation(actor=user, relation=relation, expected_version=version)
    except EditConflict:
        return False
    return True


def save_contact_safety(request: HttpRequest, *, user: User, survivor: Survivor) -> Outcome:
    form = ContactSafetyForm(request.POST)
    if not form.is_valid():
        return Outcome(form)
    data = form.cleaned_data
    try:
        saved = actions.do_update_survivor_contact_safety(
            actor=user,
            survivor=survivor,
            expected_version=data["version"],
            safe_to_contact=data["safe_to_contact"],
            safe_channel=data["safe_channel"],
            safe_times=data["safe_times"],
        )
    except EditConflict as exc:
        fresh = _on_current_version(ContactSafetyForm, request, exc.current_version)
        return Outcome(fresh, conflict=conflict_rows(fresh, exc.current))
    except DomainError as exc:
        add_domain_errors(form, exc)
        return Outcome(form)
    return Outcome(form, saved=saved)


def relation_form_for(relation: Relation | None) -> RelationForm:
    if relation is None:
        return RelationForm()
    initial = actions.relation_values(relation)
    initial["version"] = relation.version
    return RelationForm(initial={k: ("" if v is None else v) for k, v in initial.items()})


def contact_safety_form_for(survivor: Survivor) -> ContactSafetyForm:
    return ContactSafetyForm(
        initial={
            "safe_to_contact": survivor.safe_to_contact,
            "safe_channel": survivor.safe_channel,
            "safe_times": survivor.safe_times or "",
            "version": survivor.version,
        }
    )


def list_context(survivor: Survivor, *, can_edit: bool, routes: dict[str, str], owner_id: Any) -> dict[str, Any]:
    """What the family-and-contacts list needs: the relations (one query), the survivor's own safety."""
    return {
        "survivor": survivor,
        "relations": list(selectors.relations_for_survivor(survivor)),
        "can_edit": can_edit,
        "routes": routes,
        "owner_id": owner_id,
    }
