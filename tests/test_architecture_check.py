from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_architecture_check_passes_on_the_tree():
    result = subprocess.run(
        [sys.executable, ".ci/check_architecture.py"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout


def test_architecture_check_catches_a_direct_query_in_a_view(tmp_path):
    # given a tree whose view queries a model directly
    view = tmp_path / "reclaim" / "people" / "views.py"
    view.parent.mkdir(parents=True)
    view.write_text(
        "from __future__ import annotations\n\nfrom reclaim.people.models import Survivor\n\n\ndef v(r):\n    return Survivor.objects.all()\n"
    )
    # when
    result = subprocess.run(
        [sys.executable, str(ROOT / ".ci/check_architecture.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # then
    assert result.returncode == 1
    assert "views.py:7" in result.stdout
