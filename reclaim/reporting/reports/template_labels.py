"""The names, descriptions and usual periods of the shipped funder report templates (report_templates/*.json),
marked for the catalogue under the "report template" context (reclaim/core/refdata.py): the reports page lists
them in the reader's language. Table captions and the funders' own categories stay in the funder's words
(English): they are what the report hands to the funder. tests/test_shipped_reference_labels.py fails when a
template's text is missing here.
"""

from __future__ import annotations

from reclaim.core.refdata import pgettext_noop

SHIPPED_LABELS: tuple[str, ...] = (
    pgettext_noop("report template", "HHS OTIP program entry, service use and closure"),
    pgettext_noop(
        "report template",
        "Shaped after the HHS Office on Trafficking in Persons data collections (TVAP 0970-0467, DVHT 0970-0542) as aggregates: people entering the program (new or reopened case), family members served, services by the OTIP DVHT categories, and people leaving by closure reason. Only five DVHT service categories are confirmed; the rest go to Other and are listed.",
    ),
    pgettext_noop("report template", "A quarter (FY2027-Q1) or a fiscal year"),
    pgettext_noop("report template", "OVC TIMS / PMT (trafficking victim services)"),
    pgettext_noop(
        "report template",
        "Shaped after the OVC Trafficking Information Management System / Performance Measurement Tool (OMB 1121-0336): clients served, new and continuing, adult or minor, type of trafficking, gender, citizenship, referral source and services by category. The category lists are not verified against the current PMT question bank: check them against your award's questionnaire; the mappings are data in this file.",
    ),
    pgettext_noop("report template", "Semiannual (2026-H1, 2026-H2) or a quarter for the PMT"),
    pgettext_noop("report template", "VOCA new and continuing victims (per fiscal year)"),
    pgettext_noop(
        "report template",
        "Shaped after the VOCA performance measures: every person served in the period is new (their first service from the agency ever falls in it) or continuing. Run it for a fiscal year (FY2027) so each person is new once per fiscal year at most; demographics are counted for new victims only, as VOCA asks.",
    ),
    pgettext_noop("report template", "A fiscal year (FY2027) or one of its quarters"),
)
