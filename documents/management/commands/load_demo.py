"""
Load the demo content: the Forum's sessions, its Organizing Committee and documents.

Facts come from public reports (DESIGN.md, "Facts for the demo content") and from the
seed document, each stored with its source. What neither states is flagged as sample.
Idempotent: rows are found by their natural keys and created only when missing, so a
second run duplicates nothing and keeps any edit made since in the admin.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from reversion import create_revision, set_comment, set_user

from documents.demo import content as documents_demo
from documents.demo import news as news_demo
from forum import demo as forum_demo
from forum import demo_pages


class Command(BaseCommand):
    help = "Load the demo content (sessions, committee, pages, documents); safe to run twice."

    @transaction.atomic
    def handle(self, *args, **options):
        # What the demo creates starts its history here (an item it finds is not saved).
        with create_revision():
            set_user(None)
            set_comment(_("Created by the demo content."))
            self.load()
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    def load(self):
        forum_demo.load()
        demo_pages.load(forum_demo.PUBLISHED)
        documents_demo.load(forum_demo.PUBLISHED)
        news_demo.load(forum_demo.PUBLISHED)
