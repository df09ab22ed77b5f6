# Source this file (`. scripts/devenv.sh`) to run manage.py or pytest by hand with the same
# development settings `make run` and `make test` use.
_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
export DJANGO_SECRET_KEY_FILE="${DJANGO_SECRET_KEY_FILE:-$_root/var/dev-secret-key}"
export RECLAIM_MASTER_KEYS_FILE="${RECLAIM_MASTER_KEYS_FILE:-$_root/var/dev-keys}"
export RECLAIM_INDEX_KEYS_FILE="${RECLAIM_INDEX_KEYS_FILE:-$_root/var/dev-index-keys}"
export RECLAIM_VAR_DIR="${RECLAIM_VAR_DIR:-$_root/var}"
unset _root
