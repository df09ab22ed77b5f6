#!/usr/bin/env bash
# Refresh the survivor portal's translation catalogues (Spanish, French, Arabic) from the code, then compile
# them. The portal (reclaim/portal) and what it shows from portal access (reclaim/connect) keep their own
# catalogues under <app>/locale/. Needs GNU gettext (xgettext, msgmerge, msgfmt). Usage: make messages
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
py="${PY:-$root/.venv/bin/python}"
for app in portal connect; do
  cd "$root/reclaim/$app"
  mkdir -p locale
  "$py" "$root/manage.py" makemessages --no-location --no-obsolete -l es -l fr -l ar >/dev/null
  "$py" "$root/manage.py" compilemessages >/dev/null
done
echo "catalogues refreshed: reclaim/portal/locale, reclaim/connect/locale"
