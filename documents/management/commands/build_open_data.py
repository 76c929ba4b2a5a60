"""
Build the open data's files (documents/opendata.py) now: after a deployment, or from a
timer after large imports, so that no reader's request has to build a large archive.
Nothing is written where the files are of the current content already, unless --force.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from documents import opendata


class Command(BaseCommand):
    help = "Build the open data's CSV and JSON Lines files of the published documents."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            help="The site's address, e.g. https://bakusecurityforum.az (default: the last "
            "build's), from which the files' addresses are made.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Build even if the files are current."
        )

    def handle(self, *args, base_url=None, force=False, **options):
        start = time.monotonic()
        before = opendata.read_manifest()

        def progress(documents, rows):
            self.stdout.write(f"{documents} documents, {rows} rows…")

        try:
            manifest = opendata.build(base_url, progress=progress, force=force)
        except ValueError as error:
            raise CommandError(f"{error} Give it with --base-url.") from error
        if manifest is None:
            raise CommandError("Another build is under way (the lock is held); nothing done.")
        seconds = time.monotonic() - start
        if before is not None and before["built_at"] == manifest["built_at"]:
            self.stdout.write("The files are of the current content already: nothing written.")
        for entry in manifest["files"].values():
            self.stdout.write(
                f"{entry['path']}: {entry['rows']} rows, {entry['bytes']} bytes, "
                f"sha256 {entry['sha256']}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Content version {manifest['version']}: {manifest['documents']} documents "
                f"in {seconds:.1f} s."
            )
        )
