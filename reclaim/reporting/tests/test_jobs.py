"""Report jobs (reporting/jobs.py): queued by a runner of reports, run by the worker with a progress bar, the
result encrypted at rest and seen only by the person who asked for it; a failing runner leaves a plain message,
and a job is never run twice."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from conftest import login_client
from reclaim.core.errors import DomainError
from reclaim.core.models import AuditEvent
from reclaim.reporting.jobs import JobKindSpec, do_start_job, register_kind, run_job, unregister_kind
from reclaim.reporting.models import JobStatus, ReportJob
from reclaim.reporting.views import jobs as job_views

SEEN: list[tuple[int, str]] = []


def _count_to_four(job, progress):
    for done in range(4):
        progress(done, 4, f"Counting {done}")
        SEEN.append((ReportJob.objects.get(pk=job.pk).progress, job.stage))
    return {"rows": [["adults", 12]], "asked": job.spec}


def _refuse(job, progress):
    raise DomainError("The period has no days.", code="reporting.empty_period")


def _crash(job, progress):
    raise RuntimeError("a bug with a name in it: Maria")


@pytest.fixture
def kinds():
    register_kind(JobKindSpec("test_count", _count_to_four, "Test count"))
    register_kind(JobKindSpec("test_refuse", _refuse, "Refusing"))
    register_kind(JobKindSpec("test_crash", _crash, "Crashing", api_result=False))
    SEEN.clear()
    yield
    for code in ("test_count", "test_refuse", "test_crash"):
        unregister_kind(code)


def test_a_job_runs_with_progress_and_keeps_its_result_encrypted(
    personas, agency, kinds, django_capture_on_commit_callbacks
):
    director = personas["program_director"]
    # when the director asks for a job
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = do_start_job(actor=director, agency=agency, kind="test_count", spec={"period": "FY2027-Q1"})
    # then it waits for the worker, handed over after the commit, and the request is audited
    assert job.status == JobStatus.QUEUED and len(callbacks) == 1
    assert AuditEvent.objects.filter(action="reporting.job_started", object_id=str(job.pk)).exists()
    # when the worker runs it
    done = run_job(job.pk)
    # then the progress was written as it went, and the result is kept
    assert SEEN == [(0, "Counting 0"), (25, "Counting 1"), (50, "Counting 2"), (75, "Counting 3")]
    assert done.status == JobStatus.DONE and done.progress == 100 and done.finished_at is not None
    assert ReportJob.objects.get(pk=job.pk).result == {"rows": [["adults", 12]], "asked": {"period": "FY2027-Q1"}}
    # and not in plain text at rest
    with connection.cursor() as cursor:
        cursor.execute("SELECT result FROM reporting_reportjob WHERE id = %s", [job.pk.hex])
        raw = cursor.fetchone()[0]
    assert "adults" not in str(bytes(raw) if isinstance(raw, memoryview) else raw)
    # and a second delivery of the same task does nothing
    SEEN.clear()
    run_job(job.pk)
    assert SEEN == []
    assert AuditEvent.objects.filter(action="reporting.job_finished", object_id=str(job.pk)).count() == 1


def test_a_failing_runner_fails_the_job_with_a_plain_message(personas, agency, kinds):
    director = personas["program_director"]
    refused = run_job(do_start_job(actor=director, agency=agency, kind="test_refuse", spec={}).pk)
    assert refused.status == JobStatus.FAILED and refused.error == "The period has no days."
    crashed = run_job(do_start_job(actor=director, agency=agency, kind="test_crash", spec={}).pk)
    assert crashed.status == JobStatus.FAILED and "Maria" not in crashed.error and crashed.result is None
    assert "went wrong" in crashed.error


def test_an_unknown_kind_is_refused_and_nothing_is_saved(personas, agency):
    with pytest.raises(DomainError) as refused:
        do_start_job(actor=personas["program_director"], agency=agency, kind="nope", spec={})
    assert refused.value.code == "reporting.unknown_job_kind"
    assert not ReportJob.objects.exists()


def test_the_job_page_shows_progress_then_the_result_only_to_its_owner(personas, agency, kinds):
    director = personas["program_director"]
    job = do_start_job(actor=director, agency=agency, kind="test_count", spec={"period": "FY2027-Q1"})
    client = login_client(director)
    # while it waits, the page shows a progress bar and refreshes itself
    html = client.get(reverse("reporting:job", args=[job.pk])).content.decode()
    assert "<progress" in html and 'http-equiv="refresh"' in html
    # and the list of my jobs has it
    listing = client.get(reverse("reporting:jobs")).content.decode()
    assert "Test count" in listing and "FY2027-Q1" in listing
    run_job(job.pk)
    html = client.get(reverse("reporting:job", args=[job.pk])).content.decode()
    assert "<progress" not in html and 'http-equiv="refresh"' not in html and "It is ready." in html
    assert AuditEvent.objects.filter(action="reporting.job_read", actor_id=director.pk).exists()
    # and the API gives the same, with the result
    body = client.get(f"/api/v1/reports/jobs/{job.pk}").json()
    assert body["status"] == "done" and body["progress"] == 100 and body["result"]["rows"] == [["adults", 12]]
    assert [j["id"] for j in client.get("/api/v1/reports/jobs").json()["items"]] == [str(job.pk)]
    # and another runner of reports, the analyst, cannot see it
    analyst = login_client(personas["analyst"])
    assert analyst.get(reverse("reporting:job", args=[job.pk])).status_code == 404
    assert analyst.get(f"/api/v1/reports/jobs/{job.pk}").status_code == 404
    assert analyst.get("/api/v1/reports/jobs").json()["items"] == []


def test_a_failed_job_says_why_and_a_file_kind_keeps_its_result_out_of_the_api(personas, agency, kinds):
    director = personas["program_director"]
    job = run_job(do_start_job(actor=director, agency=agency, kind="test_crash", spec={}).pk)
    client = login_client(director)
    html = client.get(reverse("reporting:job", args=[job.pk])).content.decode()
    assert "could not be made" in html and "went wrong" in html
    assert client.get(f"/api/v1/reports/jobs/{job.pk}").json()["result"] is None


def test_my_reports_page_through_every_job_newest_first(personas, agency, kinds, monkeypatch):
    # given three jobs, two to a page
    monkeypatch.setattr(job_views, "JOBS_PAGE_SIZE", 2)
    director = personas["program_director"]
    jobs = [
        do_start_job(actor=director, agency=agency, kind="test_count", spec={"period": f"FY2027-Q{n}"})
        for n in (1, 2, 3)
    ]
    client = login_client(director)
    # then the first page holds the two newest and links on, the second the oldest
    first = client.get(reverse("reporting:jobs"))
    assert [job.pk for job, _label in first.context["rows"]] == [jobs[2].pk, jobs[1].pk]
    assert 'href="?page=2" rel="next"' in first.content.decode()
    second = client.get(reverse("reporting:jobs") + "?page=2")
    assert [job.pk for job, _label in second.context["rows"]] == [jobs[0].pk]
