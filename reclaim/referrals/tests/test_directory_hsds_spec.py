"""The HSDS export is a valid Open Referral HSDS 3.0 data set.

The schemas below are written by hand from the HSDS 3.0 specification (github.com/openreferral/specification,
branch 3.0, schema/*.json: each table's `required` list, `enum`s and `format: uuid`), for every table the
export holds. They are deliberately not generated from our code, so a change to the export that breaks the
specification fails here. `jsonschema_rs` (installed with schemathesis) does the checking.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import jsonschema_rs
import pytest

from reclaim.referrals import directory_hsds as hsds
from reclaim.referrals.models import Contact, Location, Organization, OrgService
from reclaim.referrals.tests.directory_fixtures import SHELTER_POSTCODE, SHELTER_STREET, make_entry

pytestmark = pytest.mark.django_db

UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}
NUMBER = {"type": "number"}


def table(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": {"id": UUID, **properties}}


def many(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": schema}


# HSDS 3.0 schema/taxonomy_term.json: required id, name, description
TAXONOMY_TERM = table(["id", "name", "description"], {"name": TEXT, "description": TEXT, "parent_id": UUID})
# schema/attribute.json: required id (tabular also link_id, taxonomy_term_id, link_entity)
ATTRIBUTE = table(
    ["id", "taxonomy_term_id", "link_id", "link_entity"],
    {"link_id": UUID, "taxonomy_term_id": UUID, "taxonomy_term": TAXONOMY_TERM},
)
# schema/language.json: required id
LANGUAGE = table(["id"], {"service_id": UUID, "code": TEXT, "name": TEXT})
# schema/phone.json: required id, number
PHONE = table(["id", "number"], {"number": TEXT})
# schema/schedule.json: required id; freq WEEKLY|MONTHLY; wkst a weekday; interval and count numbers
SCHEDULE = table(
    ["id"],
    {
        "service_id": UUID,
        "freq": {"enum": ["WEEKLY", "MONTHLY"]},
        "wkst": {"enum": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]},
        "interval": NUMBER,
        "count": NUMBER,
        "byday": TEXT,
        "opens_at": TEXT,
        "closes_at": TEXT,
    },
)
# schema/unit.json: required id, name
UNIT = table(["id", "name"], {"name": TEXT})
# schema/service_capacity.json: required id, unit, available, updated (date-time)
SERVICE_CAPACITY = table(
    ["id", "unit", "available", "updated"],
    {"unit": UNIT, "available": NUMBER, "updated": {"type": "string", "format": "date-time"}, "service_id": UUID},
)
# schema/service_at_location.json: required id (tabular also service_id, location_id)
SERVICE_AT_LOCATION = table(["id", "service_id", "location_id"], {"service_id": UUID, "location_id": UUID})
# schema/service.json: required id, name, status; status enum
SERVICE = table(
    ["id", "name", "status"],
    {
        "organization_id": UUID,
        "name": TEXT,
        "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]},
        "languages": many(LANGUAGE),
        "schedules": many(SCHEDULE),
        "capacities": many(SERVICE_CAPACITY),
        "attributes": many(ATTRIBUTE),
        "service_at_locations": many(SERVICE_AT_LOCATION),
        "phones": many(PHONE),
    },
)
# schema/address.json: required id, address_1, city, state_province, postal_code, country, address_type
ADDRESS = table(
    ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
    {
        "location_id": UUID,
        "address_type": {"enum": ["physical", "postal", "virtual"]},
        **dict.fromkeys(("address_1", "address_2", "city", "state_province", "postal_code", "country"), TEXT),
    },
)
# schema/location.json: required id, location_type; location_type enum; latitude/longitude numbers
LOCATION = table(
    ["id", "location_type"],
    {
        "organization_id": UUID,
        "location_type": {"enum": ["physical", "postal", "virtual"]},
        "latitude": NUMBER,
        "longitude": NUMBER,
        "addresses": many(ADDRESS),
    },
)
# schema/contact.json: required id
CONTACT = table(["id"], {"organization_id": UUID, "phones": many(PHONE), "email": TEXT})
# schema/organization.json: required id, name, description
ORGANIZATION = table(
    ["id", "name", "description"],
    {
        "name": TEXT,
        "description": TEXT,
        "phones": many(PHONE),
        "services": many(SERVICE),
        "locations": many(LOCATION),
        "contacts": many(CONTACT),
    },
)
# openapi.json (3.0) Page: the paginated list responses
PAGE = {
    "type": "object",
    "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
    "properties": {"contents": many(ORGANIZATION)},
}
VALIDATOR = jsonschema_rs.Draft202012Validator(PAGE, validate_formats=True)


def errors(document: dict[str, Any]) -> list[str]:
    return [f"{list(error.instance_path)}: {error.message}" for error in VALIDATOR.iter_errors(document)]


def all_ids(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["id"]] if isinstance(node.get("id"), str) else []
        return found + [i for value in node.values() for i in all_ids(value)]
    if isinstance(node, list):
        return [i for item in node for i in all_ids(item)]
    return []


def test_the_export_is_valid_hsds_3(personas, agency):
    make_entry(personas["agency_admin"], agency)
    document = json.loads(json.dumps(hsds.export_document(actor=None, agency=agency)))
    assert errors(document) == []
    service = document["contents"][0]["services"][0]
    assert service["capacities"][0]["unit"]["name"] == "beds"
    assert service["service_at_locations"] and service["attributes"][0]["taxonomy_term"]["description"]
    # ids of the taxonomy and of parts kept inside a row are shared on purpose; every other id is unique
    ids = all_ids(document)
    terms = {a["taxonomy_term"]["id"] for org in document["contents"] for s in org["services"] for a in s["attributes"]}
    assert len([i for i in ids if i not in terms]) == len({i for i in ids if i not in terms})


def test_the_schema_test_can_fail():
    # given documents that break the specification in the ways the export once could
    bad_status = {"id": str(uuid.uuid4()), "name": "x", "status": "open"}
    org = {"id": str(uuid.uuid4()), "name": "x", "description": "", "services": [bad_status]}
    null_latitude = {"id": str(uuid.uuid4()), "location_type": "physical", "latitude": None}
    no_description = {"id": str(uuid.uuid4()), "name": "term"}
    page = dict.fromkeys(PAGE["required"], 1) | {"contents": [org]}
    assert any("open" in e for e in errors(page))
    page["contents"] = [{**org, "services": [], "locations": [null_latitude]}]
    assert errors(page)
    attribute = {"id": str(uuid.uuid4()), "link_id": org["id"], "link_entity": "service"}
    service: dict[str, Any] = {"id": str(uuid.uuid4()), "name": "s", "status": "active"}
    service["attributes"] = [{**attribute, "taxonomy_term_id": no_description["id"], "taxonomy_term": no_description}]
    page["contents"] = [{**org, "services": [service], "locations": []}]
    assert any("description" in e for e in errors(page))
    page["contents"] = [{**org, "id": "org-1", "services": []}]
    assert any("uuid" in e for e in errors(page))


def test_confidential_locations_are_never_exported(personas, agency, other_agency):
    entry = make_entry(personas["agency_admin"], agency)
    shelter = entry["shelter"]
    for asking in (agency, other_agency):  # not even to the agency that keeps it
        text = json.dumps(hsds.export_document(actor=None, agency=asking))
        assert str(shelter.hsds_id) not in text
        assert SHELTER_STREET not in text and SHELTER_POSTCODE not in text
        assert "Fairbanks" not in text and "x_reclaim_confidential" not in text
        assert "64.8378" not in text
    assert Location.objects.filter(pk=shelter.pk, confidential=True).exists()


def test_a_confidential_location_never_reaches_the_shaping_code(personas, agency):
    entry = make_entry(personas["agency_admin"], agency)
    with pytest.raises(ValueError, match="confidential"):
        hsds._location(entry["shelter"], str(entry["org"].hsds_id))


def test_round_trip_import_of_the_export_is_the_same_directory(personas, agency):
    # given a directory with every kind of row
    make_entry(personas["agency_admin"], agency)
    first = json.loads(json.dumps(hsds.export_document(actor=None, agency=agency)))
    before = {
        "organizations": sorted(Organization.objects.values_list("hsds_id", "name", "description", "phone")),
        "services": sorted(OrgService.objects.values_list("hsds_id", "name", "status", "capacity", "hours_rrule")),
        "locations": sorted(
            Location.objects.filter(confidential=False).values_list("hsds_id", "address_1", "city", "latitude")
        ),
        "contacts": sorted(Contact.objects.values_list("hsds_id", "name", "email")),
    }
    # when the same export is imported into the same directory, nothing changes
    report = hsds.do_import_hsds(actor=None, agency=agency, document=first)
    assert report.created == dict.fromkeys(hsds.KINDS, 0)
    assert report.updated == dict.fromkeys(hsds.KINDS, 0)
    # and when the public rows are removed and the export imported, the same rows come back
    Location.objects.filter(confidential=False).delete()
    OrgService.objects.all().delete()
    Contact.objects.all().delete()
    hsds.do_import_hsds(actor=None, agency=agency, document=first)
    after = {
        "organizations": sorted(Organization.objects.values_list("hsds_id", "name", "description", "phone")),
        "services": sorted(OrgService.objects.values_list("hsds_id", "name", "status", "capacity", "hours_rrule")),
        "locations": sorted(
            Location.objects.filter(confidential=False).values_list("hsds_id", "address_1", "city", "latitude")
        ),
        "contacts": sorted(Contact.objects.values_list("hsds_id", "name", "email")),
    }
    assert after == before
    assert json.loads(json.dumps(hsds.export_document(actor=None, agency=agency))) == first
