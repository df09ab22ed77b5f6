"""Production settings pass Django's deployment checks, and refuse to start without keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from reclaim.core.crypto import generate_key


def _production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RECLAIM_"))}
    env.update(
        DJANGO_SECRET_KEY="p" * 20 + generate_key(),
        DJANGO_ALLOWED_HOSTS="reclaim.example.org",
        RECLAIM_MASTER_KEYS=generate_key(),
        RECLAIM_INDEX_KEYS=generate_key(),
        **extra,
    )
    return env


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = _production_env(RECLAIM_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_master_keys(tmp_path):
    env = _production_env(RECLAIM_VAR_DIR=str(tmp_path))
    del env["RECLAIM_MASTER_KEYS"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "RECLAIM_MASTER_KEYS" in result.stderr


def test_debug_requires_a_clear_value(tmp_path):
    env = _production_env(RECLAIM_VAR_DIR=str(tmp_path), DJANGO_DEBUG="yes")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_a_web_worker_freezes_what_start_up_loaded(tmp_path):
    # when a worker loads the WSGI application under production settings
    env = _production_env(RECLAIM_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", "import gc, config.wsgi; print(gc.get_freeze_count())"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # then the collector no longer walks Django, the apps and their models in every full collection
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 100_000


def test_a_sqlite_file_named_by_database_url_gets_the_same_connection_options(tmp_path):
    # given the settings read once without DATABASE_URL (the file under RECLAIM_VAR_DIR) and once with a SQLite URL
    code = "import json; from config import settings; print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    default_env = _production_env(RECLAIM_VAR_DIR=str(tmp_path))
    default_env.pop("DATABASE_URL", None)
    url_env = {**default_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"}
    read = [
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=True)
        for env in (default_env, url_env)
    ]
    # then both connections use write-ahead logging, full sync and IMMEDIATE transactions with a 20 s wait
    # (without them, two writers fail at once with "database is locked")
    options = [json.loads(done.stdout) for done in read]
    assert options[0] == options[1]
    assert "journal_mode=WAL" in options[1]["init_command"]
    assert options[1]["transaction_mode"] == "IMMEDIATE"
    assert options[1]["timeout"] == 20
