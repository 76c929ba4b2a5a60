from django.core.management.base import BaseCommand

from forum.portable import export_content


class Command(BaseCommand):
    help = "Write the whole content (all languages, attachments and their files) to a zip."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the zip file to write")

    def handle(self, *args, archive, **options):
        counts = export_content(archive)
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Exported {total} rows to {archive}."))
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
