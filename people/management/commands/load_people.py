"""`manage.py load_people FILE.json`: people and the other spellings minutes use for them."""
import json

from django.core.management.base import BaseCommand, CommandError

from people.services import people_load


class Command(BaseCommand):
    help = "Create people and their aliases from a JSON list of {name, honorific, aliases}."

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
        created, aliases, conflicts = people_load(entries=entries)
        self.stdout.write(f"{created} people created, {aliases} aliases added.")
        for message in conflicts:
            self.stdout.write(self.style.WARNING(message))
