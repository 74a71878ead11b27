"""Import buildings and units from a CSV file (楼号, 户号, 片区, 名称): all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from participation.residents.importing import ImportError_, import_units


class Command(BaseCommand):
    help = "Import buildings and units from a UTF-8 CSV file; nothing is saved if a row is bad."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            result = import_units(text)
        except ImportError_ as error:
            raise CommandError("Nothing imported:\n" + "\n".join(error.errors)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Buildings created: {result.buildings_created}; units created: "
                f"{result.units_created}; already present: {result.units_existing}."
            )
        )
