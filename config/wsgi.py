from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What start-up loaded (Django, the apps, their models and catalogues: about 300,000 objects) stays for the
# worker's life. Frozen, the collector no longer walks it: a full collection of a warmed-up worker took 100 to
# 200 ms, one request in a few hundred (BENCHMARKS.md).
gc.collect()
gc.freeze()
