"""The list of imports shows a running import's progress (rows done of all rows), so one can leave the run's
page and find it again; the list refreshes itself while a run is going, without any script."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login_client
from reclaim.interop.imports_actions import execute, new_run
from reclaim.interop.tests.imports_support import SURVIVOR_HEADERS, csv_bytes, make_mapping, survivor_rows
from reclaim.interop.views import imports as import_views

pytestmark = pytest.mark.django_db


def test_the_list_shows_a_running_import_with_rows_done_of_all(agency, personas, settings):
    settings.RECLAIM_IMPORT_BATCH_SIZE = 10
    admin = personas["agency_admin"]
    client = login_client(admin)
    mapping = make_mapping(admin, agency, "survivors")
    data = csv_bytes(SURVIVOR_HEADERS, survivor_rows(30))
    run = new_run(actor=admin, mapping=mapping, file_format="csv", size=len(data), dry_run=False)
    pages: dict[int, str] = {}

    def look(done: int, total: int) -> None:  # the list as someone sees it while the import runs
        if 0 < done < total:
            pages[done] = client.get(reverse("interop:imports")).content.decode()

    # when the import writes its rows in batches of ten
    execute(run, mapping, data, actor=admin, progress=look)
    # then, midway, the list links the run with a progress bar and rows done of all, and refreshes itself
    assert pages, "the import reported no progress midway"
    done, html = next(iter(pages.items()))
    assert reverse("interop:import_run", args=[run.pk]) in html
    assert f'<progress max="100" value="{done * 100 // 30}"' in html
    assert f"{done} of 30 rows" in html
    assert 'http-equiv="refresh"' in html
    # and once it has finished, neither the bar nor the refresh remain
    html = client.get(reverse("interop:imports")).content.decode()
    assert "<progress" not in html
    assert 'http-equiv="refresh"' not in html


def test_the_list_pages_through_every_run_newest_first(agency, personas, monkeypatch):
    # given three checks, two to a page
    monkeypatch.setattr(import_views, "RUNS_PAGE_SIZE", 2)
    admin = personas["agency_admin"]
    mapping = make_mapping(admin, agency, "survivors")
    runs = [new_run(actor=admin, mapping=mapping, file_format="csv", size=10, dry_run=True) for _ in range(3)]
    client = login_client(admin)
    # then the first page holds the two newest and links on, the second the oldest
    first = client.get(reverse("interop:imports"))
    assert [run.pk for run in first.context["runs"]] == [runs[2].pk, runs[1].pk]
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert [run.pk for run in client.get(reverse("interop:imports") + "?page=2").context["runs"]] == [runs[0].pk]
