"""Models of the interop app, one module per part (each part owns its module)."""

from __future__ import annotations

from reclaim.interop.imports_models import *  # noqa: F403
from reclaim.interop.webhooks_models import *  # noqa: F403
