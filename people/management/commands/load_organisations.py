"""`manage.py load_organisations FILE.json`: the partners and the other spellings minutes use for them."""
import json

from django.core.management.base import BaseCommand, CommandError

from people.services import organisations_load


class Command(BaseCommand):
    help = "Create organisations and their aliases from a JSON list of {name, short_name, aliases}."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8") as f:
                entries = json.load(f)
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: cannot be read as JSON: {exc}") from exc
        if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("name") for e in entries):
            raise CommandError(f"{path}: expected a list of objects, each with a \"name\".")
        created, aliases = organisations_load(entries=entries)
        self.stdout.write(f"{created} organisations created, {aliases} aliases added.")
