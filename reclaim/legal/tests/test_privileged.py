"""Privileged material (legal-level notes, documents and service notes) on every route and API operation that
can show a note or a document: the legal team sees it; a colleague holding a live grant sees it on that case
only, reading only; everyone else (case manager, clinician, supervisor, program director, volunteer, another
agency, a platform operator under break-glass) never does, and nobody after revocation."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import login_client
from reclaim.accounts.actions import do_start_break_glass
from reclaim.cases.actions import do_add_note, do_open_case
from reclaim.cases.models import CaseAssignment
from reclaim.consent.actions import ConsentInput, do_record_consent
from reclaim.consent.models import DataClass, InformedOf
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.documents.actions import do_upload_document
from reclaim.legal.actions import do_grant_privileged_access, do_revoke_privileged_access
from reclaim.referrals.actions import ReferralInput, do_create_referral
from reclaim.referrals.referral_packet import PACKET_CLASSES, build_packet
from reclaim.services.actions import ServiceEntry, do_record_service

DENIED = [
    "case_manager",
    "clinician",
    "supervisor",
    "program_director",
    "volunteer",
    "other_agency_user",
    "platform_operator",
]


@dataclass
class Privileged:
    """One case's privileged material and the strings that betray it in a response."""

    case: Any
    note: Any
    document: Any
    service: Any
    body: str
    title: str
    file: bytes
    service_note: str

    @property
    def markers(self) -> dict[str, bytes]:
        return {
            "note_body": self.body.encode(),
            "note_id": str(self.note.pk).encode(),
            "doc_title": self.title.encode(),
            "doc_id": str(self.document.pk).encode(),
            "file": self.file,
            "service_note": self.service_note.encode(),
        }


def _material(personas, survivor, case, tag: str) -> Privileged:
    advocate = personas["legal_advocate"]
    body = f"Privileged {tag}: she named the recruiter and the border crossing."
    title = f"Declaration draft {tag}"
    file = f"%PDF-1.4\n% privileged declaration {tag}\n".encode()
    service_note = f"Privileged service note {tag}"
    return Privileged(
        case=case,
        note=do_add_note(actor=advocate, case=case, confidentiality="legal", kind="other", body=body),
        document=do_upload_document(
            actor=advocate,
            survivor=survivor,
            case=case,
            kind="correspondence",
            confidentiality="legal",
            title=title,
            upload=SimpleUploadedFile("declaration.pdf", file, content_type="application/pdf"),
        ),
        service=do_record_service(
            actor=advocate,
            case=case,
            entry=ServiceEntry(
                "education.esl", timezone.localdate(), notes=service_note, notes_confidentiality="legal"
            ),
        ),
        body=body,
        title=title,
        file=file,
        service_note=service_note,
    )


@pytest.fixture
def world(personas, agency, survivor_a, case):
    """Two cases of the same case manager (clinician and legal advocate assigned to both), each with a legal
    note, a legal document and a service record with legal notes; general material beside them; and the
    platform operator under a live break-glass grant."""
    second = do_open_case(actor=personas["case_manager"], survivor=survivor_a, team=survivor_a.team)
    for worker in ("clinician", "legal_advocate"):
        CaseAssignment.objects.get_or_create(agency_id=second.agency_id, case=second, user=personas[worker])
    do_add_note(actor=personas["case_manager"], case=case, confidentiality="general", kind="other", body="Called.")
    do_start_break_glass(
        actor=personas["platform_operator"], agency=agency, reason="Restoring a record at the agency's request", hours=1
    )
    return {
        1: _material(personas, survivor_a, case, "Alpha"),
        2: _material(personas, survivor_a, second, "Beta"),
        "survivor": survivor_a,
    }


@dataclass(frozen=True)
class Probe:
    """A route that can show a note or a document. `mode`: "read" (legal team and grantees see it), "author"
    (the legal team only: editing pages; a grantee reads, never writes), "never" (no one sees it there)."""

    method: str
    url: Callable[[dict[Any, Any], int], str]
    markers: tuple[str, ...]
    mode: str = "read"
    data: Callable[[dict[Any, Any], int], dict[str, Any]] | None = None


def _case(w: dict[Any, Any], n: int) -> Any:
    return w[n].case


PROBES: dict[str, Probe] = {
    "cases:notes": Probe("get", lambda w, n: reverse("cases:notes", args=[_case(w, n).pk]), ("note_body",)),
    "cases:note_edit": Probe(
        "get",
        lambda w, n: reverse("cases:note_edit", args=[_case(w, n).pk, w[n].note.pk]),
        ("note_body",),
        mode="author",
    ),
    "cases:note_strike": Probe(
        "get",
        lambda w, n: reverse("cases:note_strike", args=[_case(w, n).pk, w[n].note.pk]),
        ("note_body",),
        mode="author",
    ),
    "cases:timeline": Probe("get", lambda w, n: reverse("cases:timeline", args=[_case(w, n).pk]), ("note_id",)),
    "cases:detail": Probe("get", lambda w, n: reverse("cases:detail", args=[_case(w, n).pk]), ("note_id",)),
    "documents:case_documents": Probe(
        "get", lambda w, n: reverse("documents:case_documents", args=[_case(w, n).pk]), ("doc_title",)
    ),
    "documents:survivor_documents": Probe(
        "get", lambda w, n: reverse("documents:survivor_documents", args=[w["survivor"].pk]), ("doc_title",)
    ),
    "documents:detail": Probe("get", lambda w, n: reverse("documents:detail", args=[w[n].document.pk]), ("doc_title",)),
    "documents:download": Probe(
        "get", lambda w, n: reverse("documents:download", args=[w[n].document.pk, 1]), ("file",)
    ),
    "services:case_services": Probe(
        "get", lambda w, n: reverse("services:case_services", args=[_case(w, n).pk]), ("service_note",)
    ),
    "services:service_correct": Probe(
        "get",
        lambda w, n: reverse("services:service_correct", args=[_case(w, n).pk, w[n].service.pk]),
        ("service_note",),
        mode="author",
    ),
    "cases:list": Probe("get", lambda w, n: reverse("cases:list"), (), mode="never"),
    "people:list (search)": Probe(
        "post", lambda w, n: reverse("people:list"), (), mode="never", data=lambda w, n: {"name": "Marisol"}
    ),
    "people:detail": Probe("get", lambda w, n: reverse("people:detail", args=[w["survivor"].pk]), (), mode="never"),
    "home": Probe("get", lambda w, n: reverse("home"), (), mode="never"),
    "tasks": Probe("get", lambda w, n: reverse("tasks"), (), mode="never"),
    "services:log": Probe("get", lambda w, n: reverse("services:log"), (), mode="never"),
    "services:log_export": Probe("get", lambda w, n: reverse("services:log_export"), (), mode="never"),
    "legal:access": Probe("get", lambda w, n: reverse("legal:access", args=[_case(w, n).pk]), (), mode="never"),
    "api notes": Probe("get", lambda w, n: f"/api/v1/cases/{_case(w, n).pk}/notes", ("note_body",)),
    "api note": Probe("get", lambda w, n: f"/api/v1/cases/{_case(w, n).pk}/notes/{w[n].note.pk}", ("note_body",)),
    "api timeline": Probe("get", lambda w, n: f"/api/v1/cases/{_case(w, n).pk}/timeline", ("note_id", "doc_id")),
    "api case documents": Probe("get", lambda w, n: f"/api/v1/cases/{_case(w, n).pk}/documents", ("doc_title",)),
    "api document": Probe("get", lambda w, n: f"/api/v1/documents/{w[n].document.pk}", ("doc_title",)),
    "api download": Probe("get", lambda w, n: f"/api/v1/documents/{w[n].document.pk}/versions/1/content", ("file",)),
    "api case services": Probe("get", lambda w, n: f"/api/v1/cases/{_case(w, n).pk}/services", ("service_note",)),
    "api service log": Probe("get", lambda w, n: "/api/v1/services", ("service_note",)),
    "api case": Probe("get", lambda w, n: f"/api/v1/cases/{_case(w, n).pk}", (), mode="never"),
    "api cases": Probe("get", lambda w, n: "/api/v1/cases", (), mode="never"),
    "api survivor": Probe("get", lambda w, n: f"/api/v1/survivors/{w['survivor'].pk}", (), mode="never"),
    "api grants": Probe("get", lambda w, n: f"/api/v1/cases/{_case(w, n).pk}/legal-access-grants", (), mode="never"),
}


def _content(client, probe: Probe, w: dict[Any, Any], n: int) -> tuple[int, bytes]:
    url = probe.url(w, n)
    response = client.post(url, probe.data(w, n)) if probe.data else getattr(client, probe.method)(url)
    # every page repeats its own address (the language form's "next"): ids in the URL asked for are no leak
    return response.status_code, response.content.replace(url.encode(), b"")


def shows_any(client, probe: Probe, w: dict[Any, Any], n: int) -> bool:
    """Whether ANY string of case n's privileged material is in the response."""
    _status, content = _content(client, probe, w, n)
    return any(marker in content for marker in w[n].markers.values())


def shows(client, probe: Probe, w: dict[Any, Any], n: int) -> bool:
    """Whether the probe's own markers of case n's privileged material are all in a 200 response."""
    status, content = _content(client, probe, w, n)
    return status == 200 and all(w[n].markers[m] in content for m in probe.markers)


@pytest.mark.parametrize("route", sorted(PROBES))
def test_privileged_material_only_to_the_legal_team_and_grantees(route, personas, world):
    probe = PROBES[route]
    w = world
    clients = {name: login_client(personas[name]) for name in [*DENIED, "legal_advocate"]}
    # given legal material on two cases; then no one outside the legal team sees any of it
    leaks = [(name, n) for name in DENIED for n in (1, 2) if shows_any(clients[name], probe, w, n)]
    assert leaks == []
    # and the legal advocate sees it where the route shows notes or documents (nowhere else)
    if probe.mode == "never":
        assert not any(shows_any(clients["legal_advocate"], probe, w, n) for n in (1, 2))
    else:
        assert shows(clients["legal_advocate"], probe, w, 1)
        assert shows(clients["legal_advocate"], probe, w, 2)
    # when the legal advocate lets the case manager read case 1's privileged material
    grant = do_grant_privileged_access(
        actor=personas["legal_advocate"], case=w[1].case, user=personas["case_manager"], reason="Interview prep"
    )
    manager = login_client(personas["case_manager"])
    # then the case manager reads it on case 1 where the route is for reading, and never on case 2
    if probe.mode == "read":
        assert shows(manager, probe, w, 1)
    else:
        assert not shows_any(manager, probe, w, 1)
    assert not shows_any(manager, probe, w, 2)
    # and the grant gives nobody else anything
    assert not any(shows_any(clients[name], probe, w, 1) for name in ("clinician", "supervisor", "program_director"))
    # when the grant is revoked, the case manager sees none of it again
    do_revoke_privileged_access(actor=personas["legal_advocate"], grant=grant)
    assert not shows_any(login_client(personas["case_manager"]), probe, w, 1)


def test_a_grantee_reads_but_never_writes_privileged_material(personas, world):
    w = world
    do_grant_privileged_access(
        actor=personas["legal_advocate"], case=w[1].case, user=personas["case_manager"], reason="Interview prep"
    )
    client = login_client(personas["case_manager"])
    case, document = w[1].case, w[1].document
    # the note form offers no legal level, and posting one is refused
    page = client.get(reverse("cases:notes", args=[case.pk]))
    assert 'value="legal"' not in page.content.decode()
    assert "The legal team has given you access to read the legal notes of this case." in page.content.decode()
    refused = client.post(
        f"/api/v1/cases/{case.pk}/notes", {"confidentiality": "legal", "body": "x"}, content_type="application/json"
    )
    assert refused.status_code == 400
    # the legal note and document cannot be changed (403 on the page and the API)
    assert client.get(reverse("cases:note_edit", args=[case.pk, w[1].note.pk])).status_code == 403
    archive = client.post(reverse("documents:archive", args=[document.pk]), {"reason": "x", "version": 1})
    assert archive.status_code == 403
    api_archive = client.post(
        f"/api/v1/documents/{document.pk}/archive", {"reason": "x", "version": 1}, content_type="application/json"
    )
    assert api_archive.status_code == 403
    detail = client.get(reverse("documents:detail", args=[document.pk]))
    assert detail.status_code == 200
    assert detail.context["can_edit"] is False
    document.refresh_from_db()
    assert document.archived_at is None
    # and the download is audited under the grantee's name
    assert client.get(reverse("documents:download", args=[document.pk, 1])).status_code == 200
    assert AuditEvent.objects.filter(
        action="document.downloaded", actor_id=personas["case_manager"].pk, object_id=str(document.pk)
    ).exists()


def test_timeline_events_of_legal_notes_carry_no_privileged_text(personas, world):
    w = world
    client = login_client(personas["legal_advocate"])
    events = client.get(f"/api/v1/cases/{w[1].case.pk}/timeline").json()["items"]
    note_events = [e for e in events if e["parameters"].get("note_id") == str(w[1].note.pk)]
    assert note_events
    assert note_events[0]["parameters"] == {"note_id": str(w[1].note.pk), "confidentiality": "legal"}
    assert w[1].body not in json.dumps(events)
    assert w[1].title not in json.dumps(events)


def test_referral_packet_never_holds_privileged_material(personas, other_agency, world):
    w = world
    case = w[1].case
    # given a consent covering every data class, legal and documents included, for agency B
    do_record_consent(
        actor=personas["case_manager"],
        survivor=w["survivor"],
        case=case,
        data=ConsentInput(
            purpose="service_referral",
            method="verbal",
            signer_name="Marisol",
            witness_name="A colleague",
            recipient_kind="agency",
            recipient_agency_id=other_agency.pk,
            data_classes=list(DataClass.values),
            informed_of=list(InformedOf.values),
            expires_on=timezone.localdate() + datetime.timedelta(days=300),
        ),
    )
    # then asking for the legal or documents class in a packet is refused, and nothing is saved
    for forbidden in ("legal", "documents"):
        with pytest.raises(DomainError) as refused:
            do_create_referral(
                actor=personas["legal_advocate"],
                case=case,
                data=ReferralInput(
                    service_category="psychological_support",
                    to_agency_id=other_agency.pk,
                    data_classes=["identity", forbidden],
                ),
                send=True,
            )
        assert "data_classes" in refused.value.fields
    # and a packet sent with every class the builder knows holds no privileged text
    referral = do_create_referral(
        actor=personas["legal_advocate"],
        case=case,
        data=ReferralInput(
            service_category="psychological_support", to_agency_id=other_agency.pk, data_classes=list(PACKET_CLASSES)
        ),
        send=True,
    )
    packet = json.dumps(referral.packet).encode()
    assert not [m for m, value in w[1].markers.items() if value in packet]
    # even handed the privileged classes directly, the builder drops them
    forced = build_packet(referral, ["legal", "documents", "identity"], sender_name="A", sent_at="now")
    assert forced["data_classes"] == ["identity"]
    assert "legal" not in forced
    assert "documents" not in forced
    # and the receiving agency's view of the referral shows none of it
    received = login_client(personas["other_agency_user"]).get(f"/api/v1/referrals/{referral.pk}")
    assert received.status_code == 200
    assert not [m for m, value in w[1].markers.items() if value in received.content]
