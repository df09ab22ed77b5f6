from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import settings as project_settings


@pytest.mark.parametrize("raw", ["yes", "2", "maybe"])
def test_env_bool_refuses_unclear_values(monkeypatch, raw):
    monkeypatch.setenv("RECLAIM_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="RECLAIM_TEST_FLAG"):
        project_settings.env_bool("RECLAIM_TEST_FLAG", default=False)


def test_env_int_names_the_variable(monkeypatch):
    monkeypatch.setenv("RECLAIM_TEST_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="RECLAIM_TEST_INT"):
        project_settings.env_int("RECLAIM_TEST_INT", default=1)


def test_env_secret_reads_file_and_never_echoes_it(monkeypatch, tmp_path):
    secret = tmp_path / "s"
    secret.write_text("hunter2-but-longer\n")
    monkeypatch.setenv("RECLAIM_TEST_SECRET_FILE", str(secret))
    assert project_settings.env_secret("RECLAIM_TEST_SECRET") == "hunter2-but-longer"
    monkeypatch.setenv("RECLAIM_TEST_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="unreadable") as excinfo:
        project_settings.env_secret("RECLAIM_TEST_SECRET")
    assert "hunter2" not in str(excinfo.value)


def test_missing_secret_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("RECLAIM_TEST_NONE", raising=False)
    monkeypatch.delenv("RECLAIM_TEST_NONE_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="set RECLAIM_TEST_NONE"):
        project_settings.env_secret("RECLAIM_TEST_NONE")
