#!/usr/bin/env bash
# Refresh every translation catalogue from the code, then compile them (Spanish, French, Arabic).
#   staff side:  locale/<lang>/LC_MESSAGES/django.po   (everything but the survivor portal)
#   portal side: reclaim/portal/locale, reclaim/connect/locale   (scripts/portal_messages.sh)
# Translators run exactly this, so everyone's msgid sets agree. Needs GNU gettext (xgettext, msgmerge, msgfmt).
# Usage: make messages
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
py="${PY:-$root/.venv/bin/python}"
cd "$root"
# The development settings (as `make` has them): without settings Django falls back to its own makemessages,
# which knows no pgettext_noop and would drop every shipped reference-data label from the catalogues.
. "$root/scripts/devenv.sh"
mkdir -p locale
"$py" manage.py makemessages --no-location --no-obsolete -l es -l fr -l ar \
  --ignore 'reclaim/portal/*' --ignore 'reclaim/connect/*' --ignore '.venv/*' --ignore 'tests/*' \
  --ignore 'bench/*' --ignore 'var/*' --ignore '*/tests/*' >/dev/null
"$py" manage.py compilemessages --locale es --locale fr --locale ar --ignore '.venv/*' >/dev/null
echo "catalogues refreshed: locale (staff)"
PY="$py" bash "$root/scripts/portal_messages.sh"
