from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.core.portable import ArchiveError, import_content


class Command(BaseCommand):
    help = "Load a zip written by export_content into a database that has no content yet."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the zip file to read")

    def handle(self, *args, archive, **options):
        try:
            counts = import_content(archive)
        except ArchiveError as error:
            # CommandError: one line on stderr and exit status 1, no traceback.
            raise CommandError(_("Nothing was imported. %(error)s") % {"error": error}) from error
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("Imported %(count)d row.", "Imported %(count)d rows.", total)
                % {"count": total}
            )
        )
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
