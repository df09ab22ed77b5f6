"""The outcome-domain scale Reclaim ships (DOMAIN.md §6.2): our own domains and wording, not IJM's ASO.

Plain data, loaded by the `outcome_domains` data migration (idempotently) and used by tests. Each
subdomain is rated 1 (most vulnerable) to 4 (least vulnerable), against where the person will live,
not the shelter. Codes are stable: reports compare domains across scale versions by code."""

from __future__ import annotations

from typing import Any, Final

DEFAULT_SCALE_CODE: Final = "reclaim_outcomes"
DEFAULT_SCALE_NAME: Final = "Reclaim outcome domains"
DEFAULT_SCALE_VERSION: Final = 1

# (domain code, domain name, [(subdomain code, wording), ...]) in display order.
DEFAULT_DOMAINS: Final[tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]] = (
    (
        "safety",
        "Safety",
        (
            ("free_from_harm", "Is free from abuse, exploitation and neglect where they live"),
            ("free_from_threats", "Is free from threats by the people who exploited them or their associates"),
            ("handles_risk", "Knows how to spot an unsafe situation and what to do about it"),
        ),
    ),
    (
        "legal_protection",
        "Legal protection",
        (
            ("knows_rights", "Understands their rights and where to get legal help"),
            ("has_documents", "Holds the identity and status documents they need"),
            ("legal_matters", "Their legal and immigration matters are moving forward"),
        ),
    ),
    (
        "mental_wellbeing",
        "Mental well-being",
        (
            ("day_to_day", "Feels steady enough to manage day-to-day life"),
            ("coping", "Has ways of coping with stress and difficult memories"),
            ("support_when_needed", "Gets mental health support when they need it"),
        ),
    ),
    (
        "economic_education",
        "Economic empowerment and education",
        (
            ("income", "Has enough regular income for basic needs"),
            ("work_or_study", "Is working, training or studying, as they choose"),
            ("manages_money", "Manages money and is free from debt bondage"),
        ),
    ),
    (
        "social_support",
        "Social support",
        (
            ("trusted_people", "Has people they trust to turn to"),
            ("belonging", "Takes part in community life and feels they belong"),
        ),
    ),
    (
        "physical_wellbeing",
        "Physical well-being",
        (
            ("health_needs", "Their health needs are being met"),
            ("access_to_care", "Can get to a doctor or clinic when they need one"),
        ),
    ),
    (
        "housing",
        "Housing",
        (
            ("stable_home", "Has a home they can stay in for the next six months or longer"),
            ("safe_home", "Their home is safe and fit to live in"),
            ("affordable_home", "Can keep up with the cost of their home"),
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
