from django.core.management.base import BaseCommand, CommandError

from forum.portable import ArchiveError, import_content


class Command(BaseCommand):
    help = "Load a zip written by export_content into a database that has no content yet."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the zip file to read")

    def handle(self, *args, archive, **options):
        try:
            counts = import_content(archive)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Imported {sum(counts.values())} rows."))
