import pytest
from django.core.management import call_command

from documents.models import Document, Initiative, Kind
from forum.models import Session

pytestmark = pytest.mark.django_db


def test_seed_address_is_the_published_russian_text(demo):
    call_command("load_demo")  # a second run changes nothing
    address = Document.objects.get(symbol="BSF/3/ADDR")
    assert address.is_public
    assert address.kind == Kind.ADDRESS
    # Trend says neither which text is the original nor which are authentic.
    assert address.original_language == ""
    assert address.authentic_languages() == []
    assert address.session.number == 3
    assert (address.source_name, str(address.source_date)) == ("Trend", "2025-09-21")
    assert address.author_person.name_en == "Ilham Aliyev"
    assert address.text_languages() == ["ru"]
    assert all(getattr(address, f"title_{lang}") for lang in ("az", "en", "ru"))
    assert all(getattr(address, f"summary_{lang}") for lang in ("az", "en", "ru"))
    assert address.body_ru.startswith("<p>Уважаемые участники конференции!</p>")
    assert address.body_ru.endswith("желаю успехов в работе конференции.</p>")
    assert address.body_ru.count("<p>") == 11


def test_declaration_and_regulations_are_records_without_text(demo):
    for symbol in ("BSF/3/DECL", "BSF/3/REG", "BSF/3/SPEECH"):
        document = Document.objects.get(symbol=symbol)
        assert document.is_public and not document.text_languages()
        assert not document.is_sample


def test_only_the_placeholder_initiative_is_sample(demo):
    assert Initiative.objects.count() == 1
    assert Initiative.objects.get().is_sample
    # and the one press release, as no release of the Secretariat is at hand
    samples = Document.objects.filter(is_sample=True).values_list("kind", "slug")
    assert list(samples) == [("press_release", "third-session-held-2025")]


def test_seed_address_is_listed_searched_fed_and_mapped(client, demo):
    slug = "address-president-aliyev-third-session-2025"
    assert slug in client.get("/ru/documents/").content.decode()
    assert slug in client.get("/ru/documents/", {"q": "форум"}).content.decode()
    assert slug in client.get("/ru/feeds/documents/").content.decode()
    assert slug in client.get("/sitemap-documents.xml").content.decode()


def test_demo_texts_say_what_the_sources_say_in_every_language(client, demo):
    address = Document.objects.get(symbol="BSF/3/ADDR")
    # The Committee's work is coordinated (the seed: «координации работы Оргкомитета»).
    assert "работу Оргкомитета координирует Азербайджан" in address.summary_ru
    assert "Azerbaijan coordinates the Committee's work" in address.summary_en
    assert "Komitənin işini Azərbaycan əlaqələndirir" in address.summary_az
    # The 2024 address is one in every language, and Azernews is a newspaper.
    second = Document.objects.get(symbol="BSF/2/ADDR")
    assert second.title_en.startswith("Address by President Ilham Aliyev")
    assert "message" not in (second.title_en + second.summary_en).lower()
    assert "message" not in Session.objects.get(number=2).description_en.lower()
    assert "газета Azernews" in second.summary_ru and "агентство" not in second.summary_ru
    # A position after a name and a comma starts in lower case.
    page = client.get("/ru/documents/opening-speech-naghiyev-third-session-2025/")
    assert "Али Нагиев, начальник Службы государственной безопасности" in page.content.decode()
