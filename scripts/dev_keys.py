"""Create development secrets under var/ when they are missing (used by `make run` and `make test` only)."""

from __future__ import annotations

import base64
import os
import secrets
import sys
from pathlib import Path


def _write_secret(path: Path, value: str) -> bool:
    if path.exists():
        return False
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return True


def _key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def main(var_dir: str) -> int:
    root = Path(var_dir)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    created = [
        name
        for name, value in (
            ("dev-secret-key", secrets.token_urlsafe(50)),
            ("dev-keys", _key()),
            ("dev-index-keys", _key()),
        )
        if _write_secret(root / name, value)
    ]
    if created:
        sys.stdout.write(f"Created development keys in {root}/: {', '.join(created)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "var"))
