"""`manage.py load_instrument FILE.json [--agency SLUG]`: validate and install an instrument definition.

Without --agency the instrument is global (as the shipped ones); with it, only that agency sees it (e.g. a
licensed instrument the agency holds a licence for). Every problem in the file is listed with its path,
and nothing is saved unless the whole file is valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reclaim.accounts.models import Agency
from reclaim.assessments.actions import do_load_instrument
from reclaim.assessments.definition import DefinitionError
from reclaim.assessments.loader import read_definition_file
from reclaim.core.errors import DomainError


class Command(BaseCommand):
    help = "Validate and load an instrument definition file (JSON; see docs/assessments.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", default="", help="slug of the agency that owns it; global if left out")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(slug=options["agency"]).first()
            if agency is None:
                raise CommandError(f"no agency with the short name {options['agency']!r}")
        try:
            installed = do_load_instrument(actor=None, data=read_definition_file(options["file"]), agency=agency)
        except DefinitionError as exc:
            raise CommandError("\n".join(exc.errors)) from None
        except DomainError as exc:
            raise CommandError("\n".join([exc.message, *exc.fields.get("definition", [])])) from None
        state = "loaded" if installed.created else "already loaded, nothing changed"
        self.stdout.write(f"{installed.instrument.code} version {installed.version.version}: {state}")
