import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.core import backups


class Command(BaseCommand):
    help = (
        "Restore a folder written by `backup` into an empty installation: a database "
        "without tables (not migrated) and a media storage without the back-up's files."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="the folder that `backup` wrote")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore over an installation that is not empty: the back-up's tables and "
            "files replace those of the same name; others are left as they are",
        )

    def handle(self, *args, source, force, **options):
        started = time.monotonic()
        report = self.stdout.write
        # Until the database is loaded (in one transaction), a failure changes nothing.
        try:
            backup = backups.read_backup(source)
            if not force:
                backups.check_empty(backup)
            backups.check_files(backup, report)
            before = backups.content_version()
            backups.restore_database(backup, force, report)
        except (backups.BackupError, OSError) as error:
            # CommandError: one line on stderr and exit status 1, no traceback.
            raise CommandError(_("Nothing was restored. %(error)s") % {"error": error}) from error
        try:
            backups.restore_media(backup, report)
        except (backups.BackupError, OSError) as error:
            raise CommandError(
                _(
                    "The database is restored, but not all the media files: %(error)s Once "
                    "the cause is fixed, run the restore again with --force."
                )
                % {"error": error}
            ) from error
        backups.forget_cached_pages(before, report)
        files = backup.files
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Restored the database (%(database)s) and %(count)d media file "
                    "(%(media)s) from %(path)s in %(seconds).1f s.",
                    "Restored the database (%(database)s) and %(count)d media files "
                    "(%(media)s) from %(path)s in %(seconds).1f s.",
                    len(files),
                )
                % backups.totals(backup.database, backup.files, source, started)
            )
        )
