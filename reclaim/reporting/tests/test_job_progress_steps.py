"""A report job's page shows how far it has got (per cent and parts done of all) while it runs, refreshes itself,
and can be found again from the exports and reports pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login_client
from reclaim.reporting.jobs import JobKindSpec, do_start_job, register_kind, run_job, unregister_kind
from reclaim.reporting.models import ReportJob

PAGES: dict[int, str] = {}
CLIENTS: list[Client] = []


def _three_parts(job, progress):
    for done in range(3):
        progress(done, 3, "Counting")
        PAGES[done] = CLIENTS[0].get(reverse("reporting:job", args=[job.pk])).content.decode()
    return {"rows": []}


@pytest.fixture
def three_parts():
    register_kind(JobKindSpec("test_three", _three_parts, "Three parts"))
    PAGES.clear()
    CLIENTS.clear()
    yield
    unregister_kind("test_three")


def test_the_job_page_shows_parts_done_of_all_while_it_runs(personas, agency, three_parts):
    director = personas["program_director"]
    CLIENTS.append(login_client(director))
    job = do_start_job(actor=director, agency=agency, kind="test_three", spec={})
    # when the worker runs it, and its owner looks at the page meanwhile
    run_job(job.pk)
    # then the page showed the bar, the part being made and the parts done, and refreshed itself
    assert '<progress id="job-progress" max="100" value="66">' in PAGES[2]
    assert "2 of 3 parts done" in PAGES[2]
    assert "1 of 3 parts done" in PAGES[1]
    assert 'http-equiv="refresh"' in PAGES[1]
    finished = ReportJob.objects.get(pk=job.pk)
    assert (finished.progress, finished.progress_done, finished.progress_total) == (100, 3, 3)


def test_the_list_of_my_jobs_is_linked_from_reports_and_exports(personas):
    client = login_client(personas["program_director"])
    jobs = reverse("reporting:jobs")
    for page in ("reporting:reports", "reporting:exports"):
        assert f'href="{jobs}"' in client.get(reverse(page)).content.decode(), page
