"""The outcome-domain scale Reclaim ships (DOMAIN.md §6.2): our own domains and wording, not IJM's ASO.

Plain data, loaded by the `outcome_domains` data migration (idempotently) and used by tests. Each
subdomain is rated 1 (most vulnerable) to 4 (least vulnerable), against where the person will live,
not the shelter. Codes are stable: reports compare domains across scale versions by code."""

from __future__ import annotations

from typing import Any, Final

from reclaim.core.refdata import pgettext_noop

DEFAULT_SCALE_CODE: Final = "reclaim_outcomes"
DEFAULT_SCALE_NAME: Final = pgettext_noop("outcome scale", "Reclaim outcome domains")
DEFAULT_SCALE_VERSION: Final = 1

# (domain code, domain name, [(subdomain code, wording), ...]) in display order.
DEFAULT_DOMAINS: Final[tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]] = (
    (
        "safety",
        pgettext_noop("outcome domain", "Safety"),
        (
            (
                "free_from_harm",
                pgettext_noop("outcome question", "Is free from abuse, exploitation and neglect where they live"),
            ),
            (
                "free_from_threats",
                pgettext_noop(
                    "outcome question", "Is free from threats by the people who exploited them or their associates"
                ),
            ),
            (
                "handles_risk",
                pgettext_noop("outcome question", "Knows how to spot an unsafe situation and what to do about it"),
            ),
        ),
    ),
    (
        "legal_protection",
        pgettext_noop("outcome domain", "Legal protection"),
        (
            ("knows_rights", pgettext_noop("outcome question", "Understands their rights and where to get legal help")),
            ("has_documents", pgettext_noop("outcome question", "Holds the identity and status documents they need")),
            (
                "legal_matters",
                pgettext_noop("outcome question", "Their legal and immigration matters are moving forward"),
            ),
        ),
    ),
    (
        "mental_wellbeing",
        pgettext_noop("outcome domain", "Mental well-being"),
        (
            ("day_to_day", pgettext_noop("outcome question", "Feels steady enough to manage day-to-day life")),
            ("coping", pgettext_noop("outcome question", "Has ways of coping with stress and difficult memories")),
            ("support_when_needed", pgettext_noop("outcome question", "Gets mental health support when they need it")),
        ),
    ),
    (
        "economic_education",
        pgettext_noop("outcome domain", "Economic empowerment and education"),
        (
            ("income", pgettext_noop("outcome question", "Has enough regular income for basic needs")),
            ("work_or_study", pgettext_noop("outcome question", "Is working, training or studying, as they choose")),
            ("manages_money", pgettext_noop("outcome question", "Manages money and is free from debt bondage")),
        ),
    ),
    (
        "social_support",
        pgettext_noop("outcome domain", "Social support"),
        (
            ("trusted_people", pgettext_noop("outcome question", "Has people they trust to turn to")),
            ("belonging", pgettext_noop("outcome question", "Takes part in community life and feels they belong")),
        ),
    ),
    (
        "physical_wellbeing",
        pgettext_noop("outcome domain", "Physical well-being"),
        (
            ("health_needs", pgettext_noop("outcome question", "Their health needs are being met")),
            ("access_to_care", pgettext_noop("outcome question", "Can get to a doctor or clinic when they need one")),
        ),
    ),
    (
        "housing",
        pgettext_noop("outcome domain", "Housing"),
        (
            (
                "stable_home",
                pgettext_noop("outcome question", "Has a home they can stay in for the next six months or longer"),
            ),
            ("safe_home", pgettext_noop("outcome question", "Their home is safe and fit to live in")),
            ("affordable_home", pgettext_noop("outcome question", "Can keep up with the cost of their home")),
        ),
    ),
)


def install_default_scale(scale_model: Any, domain_model: Any, subdomain_model: Any) -> None:
    """Store the default scale (agency empty), for the data migration (historical models) and the demo seed
    (after a live-server test's flush). Idempotent: a default scale already stored with this code and
    version is left as it is."""
    if scale_model.objects.filter(agency__isnull=True, code=DEFAULT_SCALE_CODE, version=DEFAULT_SCALE_VERSION).exists():
        return
    scale_model.objects.filter(agency__isnull=True, code=DEFAULT_SCALE_CODE, is_current=True).update(is_current=False)
    scale = scale_model.objects.create(
        code=DEFAULT_SCALE_CODE, name=DEFAULT_SCALE_NAME, version=DEFAULT_SCALE_VERSION, is_current=True
    )
    for domain_order, (code, name, subdomains) in enumerate(DEFAULT_DOMAINS):
        domain = domain_model.objects.create(scale=scale, code=code, name=name, order=domain_order)
        for order, (sub_code, wording) in enumerate(subdomains):
            subdomain_model.objects.create(domain=domain, code=sub_code, wording=wording, order=order)


# The shipped English texts by code, so a row can tell whether it still says what Reclaim shipped: an agency's
# own scale starts as a copy of this one, and the domains and questions it did not reword are still shipped text.
SHIPPED_DOMAIN_NAMES: Final[dict[str, str]] = {code: name for code, name, _subdomains in DEFAULT_DOMAINS}
SHIPPED_QUESTIONS: Final[dict[tuple[str, str], str]] = {
    (code, sub_code): wording for code, _name, subdomains in DEFAULT_DOMAINS for sub_code, wording in subdomains
}
