import datetime

import factory

from documents.models import Attachment, Document, Initiative, Kind, ProgressNote
from tests.forum.factories import PersonFactory, PublishedFactory, SessionFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class DocumentFactory(PublishedFactory):
    class Meta:
        model = Document

    kind = Kind.REPORT
    slug = factory.Sequence(lambda n: f"document-{n}")
    title_en = factory.Sequence(lambda n: f"Statement number {n}")
    title_ru = factory.Sequence(lambda n: f"Заявление номер {n}")
    title_az = factory.Sequence(lambda n: f"Bəyanat nömrə {n}")
    summary_en = "A summary."
    body_en = "<p>The text of the statement.</p>"
    date = datetime.date(2025, 9, 21)


class AddressFactory(DocumentFactory):
    kind = Kind.ADDRESS
    session = factory.SubFactory(SessionFactory)
    author_person = factory.SubFactory(PersonFactory)


class DeclarationFactory(DocumentFactory):
    kind = Kind.DECLARATION
    adoption = Document.Adoption.CONSENSUS


class InitiativeFactory(PublishedFactory):
    class Meta:
        model = Initiative

    declaration = factory.SubFactory(DeclarationFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Initiative {n}")
    title_ru = factory.Sequence(lambda n: f"Инициатива {n}")


class ProgressNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressNote

    initiative = factory.SubFactory(InitiativeFactory)
    date = datetime.date(2026, 9, 20)
    text_en = "Work has started."


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    document = factory.SubFactory(DocumentFactory)
    language = "ru"
    title_en = "Full text (PDF)"
    file = factory.django.FileField(filename="text.pdf", data=PDF)
