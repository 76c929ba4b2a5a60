import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.core import backups


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump) and every media file into a new folder, with a "
        "manifest of their checksums; `restore` puts them back (forum/core/backups.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="the folder to write: new, or empty")

    def handle(self, *args, destination, **options):
        started = time.monotonic()
        try:
            manifest = backups.back_up(destination, self.stdout.write)
        except (backups.BackupError, OSError) as error:
            # CommandError: one line on stderr and exit status 1, no traceback.
            raise CommandError(
                _("No back-up was written. %(error)s") % {"error": error}
            ) from error
        files = manifest["media"]
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Backed up the database (%(database)s) and %(count)d media file "
                    "(%(media)s) to %(path)s in %(seconds).1f s.",
                    "Backed up the database (%(database)s) and %(count)d media files "
                    "(%(media)s) to %(path)s in %(seconds).1f s.",
                    len(files),
                )
                % backups.totals(manifest["database"], manifest["media"], destination, started)
            )
        )
