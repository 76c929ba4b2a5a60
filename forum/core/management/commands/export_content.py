from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.core.portable import export_content


class Command(BaseCommand):
    help = "Write the whole content (all languages, attachments and their files) to a zip."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the zip file to write")

    def handle(self, *args, archive, **options):
        try:
            counts = export_content(archive)
        except OSError as error:
            raise CommandError(
                _("The archive cannot be written: %(error)s") % {"error": error}
            ) from error
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Exported %(count)d row to %(path)s.",
                    "Exported %(count)d rows to %(path)s.",
                    total,
                )
                % {"count": total, "path": archive}
            )
        )
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
