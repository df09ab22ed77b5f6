"""Open Referral HSDS 3.0 tabular form of the partner directory: one CSV per table in a zip, with `datapackage.json`.

This is only another layout of the HSDS JSON that directory_hsds.py writes and reads, so both forms share one
export, one import, one set of checks and one report:
- export flattens `export_document` into the spec's tables, and rows link by the spec's id columns
  (`organization_id`, `service_id`, `location_id`, `contact_id`, `link_id`, `taxonomy_term_id`, `unit_id`);
- import reads the tables back into the nested document and hands it to `do_import_hsds` (dry run, all or
  nothing); a problem is reported by file, line and column (`services.csv line 3: name`).
File and column names are the spec's (openreferral/specification 3.0, schema/compiled/tabular.json `path`, and
schema/simple/schema.csv for the columns); `service_capacity.csv` and `units.csv` follow the spec's
examples/csv. Reclaim's own columns start with `x_reclaim_`, as in the JSON. Every cell is written through
core's `csv_cell`, so no cell starts a spreadsheet formula; import takes that leading quote off again.
Confidential locations are never exported (directory_hsds.py)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from reclaim.core.csvsafe import FORMULA_PREFIXES, csv_cell
from reclaim.referrals import directory_hsds as hsds

if TYPE_CHECKING:
    from reclaim.accounts.models import Agency, User

# file -> the columns Reclaim writes, in order. Spec names; `x_reclaim_` columns are Reclaim's extensions.
TABLES: dict[str, tuple[str, ...]] = {
    "organizations.csv": (
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "x_reclaim_org_type",
        "x_reclaim_languages",
    ),
    "services.csv": (
        "id",
        "organization_id",
        "name",
        "description",
        "status",
        "eligibility_description",
        "fees_description",
    ),
    "locations.csv": ("id", "organization_id", "location_type", "name", "latitude", "longitude"),
    "addresses.csv": (
        "id",
        "location_id",
        "address_1",
        "address_2",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ),
    "service_at_location.csv": ("id", "service_id", "location_id"),
    "contacts.csv": ("id", "organization_id", "name", "title", "email"),
    "phones.csv": ("id", "organization_id", "contact_id", "number"),
    "schedules.csv": (
        "id",
        "service_id",
        "freq",
        "interval",
        "byday",
        "bymonthday",
        "count",
        "until",
        "wkst",
        "opens_at",
        "closes_at",
        "description",
    ),
    "languages.csv": ("id", "service_id", "name", "code"),
    "attributes.csv": ("id", "link_id", "link_type", "link_entity", "taxonomy_term_id"),
    "taxonomy_terms.csv": ("id", "code", "name", "description", "parent_id", "taxonomy"),
    "service_capacity.csv": ("id", "service_id", "unit_id", "available", "updated"),
    "units.csv": ("id", "name"),
}
# The columns an imported table must have: its id, the ids it links by, and the fields HSDS 3.0 requires.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations.csv": ("id", "name", "description"),
    "services.csv": ("id", "organization_id", "name", "status"),
    "locations.csv": ("id", "organization_id", "location_type"),
    "addresses.csv": ("id", "location_id", "address_1", "city", "state_province", "postal_code", "country"),
    "contacts.csv": ("id", "organization_id"),
    "phones.csv": ("id", "number"),
    "schedules.csv": ("id", "service_id"),
    "languages.csv": ("id", "service_id"),
    "attributes.csv": ("id", "link_id", "taxonomy_term_id", "link_entity"),
    "taxonomy_terms.csv": ("id", "name", "description"),
    "service_capacity.csv": ("id", "service_id", "unit_id", "available", "updated"),
    "units.csv": ("id", "name"),
}
# Tables an import may leave out: nothing of the directory is read from them, or they hold only capacities.
OPTIONAL_TABLES = frozenset({"service_at_location.csv", "service_capacity.csv", "units.csv"})
DATAPACKAGE = "datapackage.json"
MAX_ZIP_BYTES = 50 * 1024 * 1024  # uncompressed, all members together: a small zip cannot expand without end
MAX_ROWS = 100_000  # per table


def _cells(row: dict[str, Any], columns: tuple[str, ...]) -> list[str]:
    return [csv_cell(row.get(column)) for column in columns]


def _csv_text(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(_cells(row, columns) for row in rows)
    return out.getvalue()


def tables_of(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The HSDS page `document` as rows per table (each row a dict of spec columns)."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    terms: dict[str, dict[str, Any]] = {}
    for org in document["contents"]:
        tables["organizations.csv"].append({**org, "x_reclaim_languages": ",".join(org["x_reclaim_languages"])})
        tables["phones.csv"].extend(org["phones"])
        for service in org["services"]:
            tables["services.csv"].append(service)
            tables["schedules.csv"].extend(service["schedules"])
            tables["languages.csv"].extend(service["languages"])
            tables["service_at_location.csv"].extend(service["service_at_locations"])
            for capacity in service["capacities"]:
                tables["service_capacity.csv"].append(capacity)
                tables["units.csv"].append(capacity["unit"])
            for attribute in service["attributes"]:
                tables["attributes.csv"].append(attribute)
                terms.setdefault(attribute["taxonomy_term"]["id"], attribute["taxonomy_term"])
        for location in org["locations"]:
            tables["locations.csv"].append(location)
            tables["addresses.csv"].extend(location["addresses"])
        for contact in org["contacts"]:
            tables["contacts.csv"].append(contact)
            tables["phones.csv"].extend(contact["phones"])
    tables["taxonomy_terms.csv"] = list(terms.values())
    return tables


def _datapackage() -> dict[str, Any]:
    return {
        "name": "reclaim-partner-directory",
        "title": "Partner directory (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "x_reclaim_hsds_version": hsds.SPEC_VERSION,
        "resources": [
            {
                "name": name.removesuffix(".csv"),
                "path": name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {"fields": [{"name": column, "type": "string"} for column in columns]},
            }
            for name, columns in TABLES.items()
        ],
    }


def export_zip(*, actor: User | None, agency: Agency) -> bytes:
    """The directory as an HSDS 3.0 tabular data package (zip), as `agency`'s staff may see it (audited)."""
    tables = tables_of(hsds.export_document(actor=actor, agency=agency))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATAPACKAGE, json.dumps(_datapackage(), indent=2) + "\n")
        for name, columns in TABLES.items():
            archive.writestr(name, _csv_text(columns, tables[name]))
    return out.getvalue()


# Import


class _Tables:
    """The zip's tables, read and checked: every problem is collected under `<file>` or `<file> line N`."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}
        self.rows: dict[str, list[tuple[int, dict[str, str]]]] = {}

    def error(self, where: str, message: str) -> None:
        self.errors.setdefault(where, []).append(message)

    def read(self, data: bytes) -> None:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError):
            self.error("file", _("This is not a zip file."))
            return
        with archive:
            members = {info.filename.rsplit("/", 1)[-1]: info for info in archive.infolist() if not info.is_dir()}
            if sum(info.file_size for info in members.values()) > MAX_ZIP_BYTES:
                self.error("file", _("The files in the zip are too large together."))
                return
            for name in TABLES:
                if name not in members:
                    if name not in OPTIONAL_TABLES:
                        self.error(name, _("This table is missing from the zip."))
                    continue
                self._read_table(name, archive.read(members[name]))

    def _read_table(self, name: str, raw: bytes) -> None:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.error(name, _("Save the table as UTF-8 text."))
            return
        try:
            lines = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error:
            self.error(name, _("This is not a readable CSV table."))
            return
        if not lines:
            self.error(name, _("The table has no header row."))
            return
        header = [column.strip() for column in lines[0]]
        duplicates = sorted({column for column in header if header.count(column) > 1})
        missing = [column for column in REQUIRED_COLUMNS.get(name, ("id",)) if column not in header]
        if duplicates:
            self.error(name, _("Columns named twice: %(names)s.") % {"names": ", ".join(duplicates)})
        if missing:
            self.error(name, _("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
        if duplicates or missing:
            return
        if len(lines) - 1 > MAX_ROWS:
            self.error(name, _("At most %(n)s rows per table.") % {"n": MAX_ROWS})
            return
        rows = []
        for number, cells in enumerate(lines[1:], start=2):
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            if len(cells) != len(header):
                self.error(f"{name} line {number}", _("This row does not have one cell per column."))
                continue
            rows.append((number, {column: _unquoted(cell) for column, cell in zip(header, cells, strict=True)}))
        self.rows[name] = rows


def _unquoted(cell: str) -> str:
    """A cell as it was before `csv_cell` guarded it: the quote before a formula character comes off."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell


def _blank_to_none(row: dict[str, str], columns: tuple[str, ...]) -> dict[str, Any]:
    return {column: row[column] for column in columns if row.get(column, "") != ""}


class _Assembler:
    """Puts the rows back into the nested HSDS document, remembering where each object came from."""

    def __init__(self, tables: _Tables) -> None:
        self.tables = tables
        self.origin: dict[str, str] = {}  # JSON path of an object -> "<file> line N"

    def children(self, name: str, key: str, parent_id: str) -> list[tuple[int, dict[str, str]]]:
        return [(number, row) for number, row in self.tables.rows.get(name, []) if row.get(key) == parent_id]

    def orphans(self, name: str, key: str, parents: set[str], parent_file: str) -> None:
        for number, row in self.tables.rows.get(name, []):
            if row.get(key) and row[key] not in parents:
                self.tables.error(
                    f"{name} line {number}: {key}", _("No row of %(file)s has this id.") % {"file": parent_file}
                )

    def place(self, path: str, name: str, number: int) -> None:
        self.origin[path] = f"{name} line {number}"

    def document(self) -> dict[str, Any]:
        rows = self.tables.rows
        terms = {row["id"]: row for _number, row in rows.get("taxonomy_terms.csv", [])}
        units = {row["id"]: row for _number, row in rows.get("units.csv", [])}
        contents = []
        for index, (number, row) in enumerate(rows.get("organizations.csv", [])):
            path = f"contents[{index}]"
            self.place(path, "organizations.csv", number)
            org: dict[str, Any] = _blank_to_none(row, TABLES["organizations.csv"])
            languages = row.get("x_reclaim_languages", "")
            org["x_reclaim_languages"] = [code.strip() for code in languages.split(",") if code.strip()]
            org["phones"] = self._list(f"{path}.phones", "phones.csv", "organization_id", row["id"])
            org["services"] = [
                self._service(f"{path}.services[{i}]", n, r, terms, units)
                for i, (n, r) in enumerate(self.children("services.csv", "organization_id", row["id"]))
            ]
            org["locations"] = [
                self._location(f"{path}.locations[{i}]", n, r)
                for i, (n, r) in enumerate(self.children("locations.csv", "organization_id", row["id"]))
            ]
            org["contacts"] = [
                self._contact(f"{path}.contacts[{i}]", n, r)
                for i, (n, r) in enumerate(self.children("contacts.csv", "organization_id", row["id"]))
            ]
            contents.append(org)
        self._check_links(terms, units)
        return {"contents": contents}

    def _list(self, path: str, name: str, key: str, parent_id: str) -> list[dict[str, Any]]:
        found = []
        for index, (number, row) in enumerate(self.children(name, key, parent_id)):
            self.place(f"{path}[{index}]", name, number)
            found.append(_blank_to_none(row, tuple(row)))
        return found

    def _service(
        self, path: str, number: int, row: dict[str, str], terms: dict[str, Any], units: dict[str, Any]
    ) -> dict[str, Any]:
        self.place(path, "services.csv", number)
        service: dict[str, Any] = _blank_to_none(row, TABLES["services.csv"])
        service["schedules"] = self._list(f"{path}.schedules", "schedules.csv", "service_id", row["id"])
        service["languages"] = self._list(f"{path}.languages", "languages.csv", "service_id", row["id"])
        service["attributes"] = []
        for index, (n, attribute) in enumerate(self.children("attributes.csv", "link_id", row["id"])):
            self.place(f"{path}.attributes[{index}]", "attributes.csv", n)
            term = terms.get(attribute["taxonomy_term_id"], {})
            service["attributes"].append({**attribute, "taxonomy_term": term})
        service["capacities"] = []
        for index, (n, capacity) in enumerate(self.children("service_capacity.csv", "service_id", row["id"])):
            where = f"{path}.capacities[{index}]"
            self.place(where, "service_capacity.csv", n)
            unit = units.get(capacity["unit_id"], {})
            available: Any = capacity["available"]
            service["capacities"].append(
                {
                    **_blank_to_none(capacity, tuple(capacity)),
                    "available": int(available) if available.isdigit() else available,
                    "unit": unit,
                }
            )
        return service

    def _location(self, path: str, number: int, row: dict[str, str]) -> dict[str, Any]:
        self.place(path, "locations.csv", number)
        location: dict[str, Any] = _blank_to_none(row, TABLES["locations.csv"])
        confidential = row.get(hsds.CONFIDENTIAL, "").strip().lower()
        if confidential:  # read on import only, so an agency may load its own shelters (directory_hsds.py)
            location[hsds.CONFIDENTIAL] = {"true": True, "false": False}.get(confidential, confidential)
        location["addresses"] = self._list(f"{path}.addresses", "addresses.csv", "location_id", row["id"])
        return location

    def _contact(self, path: str, number: int, row: dict[str, str]) -> dict[str, Any]:
        self.place(path, "contacts.csv", number)
        contact: dict[str, Any] = _blank_to_none(row, TABLES["contacts.csv"])
        contact["phones"] = self._list(f"{path}.phones", "phones.csv", "contact_id", row["id"])
        return contact

    def _check_links(self, terms: dict[str, Any], units: dict[str, Any]) -> None:
        rows = self.tables.rows

        def ids(name: str) -> set[str]:
            return {row["id"] for _number, row in rows.get(name, [])}

        organizations, services = ids("organizations.csv"), ids("services.csv")
        self.orphans("services.csv", "organization_id", organizations, "organizations.csv")
        self.orphans("locations.csv", "organization_id", organizations, "organizations.csv")
        self.orphans("contacts.csv", "organization_id", organizations, "organizations.csv")
        self.orphans("addresses.csv", "location_id", ids("locations.csv"), "locations.csv")
        self.orphans("schedules.csv", "service_id", services, "services.csv")
        self.orphans("languages.csv", "service_id", services, "services.csv")
        self.orphans("service_capacity.csv", "service_id", services, "services.csv")
        self.orphans("attributes.csv", "taxonomy_term_id", set(terms), "taxonomy_terms.csv")
        self.orphans("service_capacity.csv", "unit_id", set(units), "units.csv")
        contacts = ids("contacts.csv")
        for number, row in rows.get("phones.csv", []):
            where = f"phones.csv line {number}"
            if not (row.get("organization_id") or row.get("contact_id")):
                self.tables.error(where, _("Give the organization_id or contact_id."))
            elif row.get("organization_id") and row["organization_id"] not in organizations:
                self.tables.error(f"{where}: organization_id", _("No row of organizations.csv has this id."))
            elif row.get("contact_id") and row["contact_id"] not in contacts:
                self.tables.error(f"{where}: contact_id", _("No row of contacts.csv has this id."))

    def where(self, path: str) -> str:
        """`contents[0].services[1].name` -> `services.csv line 3: name` (the deepest object it came from)."""
        probe = path
        while probe:
            if probe in self.origin:
                rest = path[len(probe) :].lstrip(".")
                rest = re.sub(r"^unit\.", "", rest) if "capacities" in probe else rest
                return f"{self.origin[probe]}: {rest}" if rest else self.origin[probe]
            probe = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
        return path


def read_zip(data: bytes) -> tuple[dict[str, Any], _Assembler, dict[str, list[str]]]:
    """The zip's tables as an HSDS document, with every table-level problem keyed by file and line."""
    tables = _Tables()
    tables.read(data)
    assembler = _Assembler(tables)
    document = assembler.document() if not tables.errors else {"contents": []}
    # the same id twice in one table; ids shared across tables are reported by the JSON reader
    for name, rows in tables.rows.items():
        seen: set[str] = set()
        for number, row in rows:
            if row["id"] in seen and name not in {"taxonomy_terms.csv", "units.csv"}:
                tables.error(f"{name} line {number}: id", _("This id appears twice in the table."))
            seen.add(row["id"])
    return document, assembler, tables.errors


def do_import_hsds_zip(*, actor: User | None, agency: Agency, data: bytes, dry_run: bool = False) -> hsds.ImportReport:
    """Import an HSDS 3.0 tabular data package (zip) through the JSON import: same checks, same report, all or
    nothing. Problems are keyed `<file> line N: <column>`."""
    document, assembler, errors = read_zip(data)
    if errors:
        raise hsds.HsdsImportError(_("The file was not imported: fix the problems listed."), fields=errors)
    try:
        return hsds.do_import_hsds(actor=actor, agency=agency, document=document, dry_run=dry_run)
    except hsds.HsdsImportError as exc:
        located: dict[str, list[str]] = {}
        for path, messages in exc.fields.items():
            located.setdefault(assembler.where(path), []).extend(messages)
        raise hsds.HsdsImportError(exc.message, fields=located) from exc
