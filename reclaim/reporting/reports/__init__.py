"""Funder reports (DOMAIN.md §11): a generic builder (distinct people, services or hours by up to two
dimensions), ready templates kept as data (report_templates/*.json) and the background runner."""
