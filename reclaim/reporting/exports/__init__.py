"""De-identified case-level exports (DOMAIN.md §11, HTCDS/CTDC): pure logic (kanon.py, htcds.py, files.py), the
reads (data.py) and the background job (runner.py)."""
