import pytest
from django.core.management import call_command

from documents.models import Document, Initiative, Kind

pytestmark = pytest.mark.django_db


def test_seed_address_is_the_published_russian_original(demo):
    call_command("load_demo")  # a second run changes nothing
    address = Document.objects.get(symbol="BSF/3/ADDR")
    assert address.is_public
    assert address.kind == Kind.ADDRESS
    assert address.original_language == "ru"
    assert address.authentic_languages() == ["ru"]
    assert address.session.number == 3
    assert (address.source_name, str(address.source_date)) == ("Trend", "2025-09-21")
    assert address.author_person.name_en == "Ilham Aliyev"
    assert address.text_languages() == ["ru"]
    assert all(getattr(address, f"title_{lang}") for lang in ("az", "en", "ru"))
    assert all(getattr(address, f"summary_{lang}") for lang in ("az", "en", "ru"))
    assert address.body_ru.startswith("<p>Уважаемые участники конференции!</p>")
    assert address.body_ru.endswith("желаю успехов в работе конференции</p>")
    assert address.body_ru.count("<p>") == 11


def test_declaration_and_regulations_are_records_without_text(demo):
    for symbol in ("BSF/3/DECL", "BSF/3/REG", "BSF/3/SPEECH"):
        document = Document.objects.get(symbol=symbol)
        assert document.is_public and not document.text_languages()
        assert not document.is_sample


def test_only_the_placeholder_initiative_is_sample(demo):
    assert Initiative.objects.count() == 1
    assert Initiative.objects.get().is_sample
    assert not Document.objects.filter(is_sample=True).exists()


def test_seed_address_is_listed_searched_fed_and_mapped(client, demo):
    slug = "address-president-aliyev-third-session-2025"
    assert slug in client.get("/ru/documents/").content.decode()
    assert slug in client.get("/ru/documents/", {"q": "форум"}).content.decode()
    assert slug in client.get("/ru/feeds/documents/").content.decode()
    assert slug in client.get("/sitemap-documents.xml").content.decode()
