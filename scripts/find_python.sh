#!/usr/bin/env sh
# Print the first Python >= 3.11 that actually runs (pyenv shims can exist for versions that are not active).
for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 \
        && "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; then
        command -v "$candidate"
        exit 0
    fi
done
echo "Reclaim needs Python 3.11 or newer; none was found on PATH." >&2
exit 1
