"""Readable history: a first version for what the demo or an import creates; a comparison
named as the form names its fields; a restore that says first what it will change."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils.formats import date_format
from reversion import create_revision, is_registered
from reversion.models import Version

from documents.models import Document
from forum.core import history
from forum.core.portable import MODELS
from forum.models import Organisation
from tests.documents.factories import AttachmentFactory, DocumentFactory
from tests.forum.test_history import add_document, edit
from tests.forum.test_workflow_door import COMPLETE, D, at, document_data, url

pytestmark = pytest.mark.django_db

VERSIONED = [model for model in MODELS if is_registered(model)]


def versions_of_every_item():
    return {
        (model._meta.label, item.pk): list(Version.objects.get_for_object(item))
        for model in VERSIONED
        for item in model._base_manager.all()
    }


def test_every_demo_item_has_a_first_version():
    call_command("load_demo", stdout=None)
    found = versions_of_every_item()
    assert len(found) > 20
    assert {key for key, versions in found.items() if len(versions) != 1} == set()
    revision = next(iter(found.values()))[0].revision
    assert revision.user is None
    assert revision.comment == "Created by the demo content."
    assert Document.objects.filter(slug__isnull=False).exists()

    # A second run creates nothing, and so records nothing.
    call_command("load_demo", stdout=None)
    assert {key: len(v) for key, v in versions_of_every_item().items()} == dict.fromkeys(found, 1)


def test_every_imported_item_has_a_first_version(tmp_path):
    document = DocumentFactory(slug="imported", draft=True)
    AttachmentFactory(document=document)
    archive = tmp_path / "content.zip"
    call_command("export_content", str(archive))
    for model in reversed(MODELS):
        model._base_manager.all().delete()

    call_command("import_content", str(archive), stdout=None)
    found = versions_of_every_item()
    assert len(found) >= 2
    for versions in found.values():
        assert [v.revision.comment for v in versions] == ["Imported from a content archive."]
    document = Document.objects.get(slug="imported")
    assert Version.objects.get_for_object(document).get().field_dict["title_en"] == (
        document.title_en
    )


def compare(staff_client, document):
    newer, older = Version.objects.get_for_object(document)[:2]
    response = staff_client.get(
        reverse("admin:documents_document_compare", args=[document.pk]),
        {"version_id1": older.pk, "version_id2": newer.pk},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_comparison_names_fields_as_the_form_and_marks_changed_words(staff_client):
    document = add_document(staff_client)
    agency = Organisation.objects.create(name_en="State agency", name_ru="Ведомство")
    edit(
        staff_client,
        document,
        title_en="Second version",
        title_ru="Первая редакция, исправленная",
        body_ru="<p>Текст <strong>новый</strong></p>",
        date="2025-09-22",
        author_organisation=agency.pk,
    )
    page = compare(staff_client, document)

    assert "<h2>Title (English)</h2>" in page
    assert "<h2>Title (Russian)</h2>" in page
    assert "<h2>Title (Azerbaijani)</h2>" not in page  # unchanged
    assert "title [en]" not in page and "<h2>Title</h2>" not in page
    # Changed words, not characters, and the rest left as it was.
    assert "<del>First</del><ins>Second</ins> version" in page
    assert "Первая редакция<ins>, исправленная</ins>" in page
    # Formatted text compared as text.
    assert "Текст<ins> новый</ins>" in page
    assert "&lt;p&gt;" not in page and "&lt;strong" not in page
    # A date in the admin's format; an empty relation as a dash.
    day = date_format(datetime.date(2025, 9, 22), "DATE_FORMAT")  # 22 September 2025
    assert "<del>21</del><ins>22</ins>" + day.removeprefix("22") in page
    assert "2025-09-22" not in page
    assert "<del>—</del><ins>State agency</ins>" in page
    assert "None" not in page
    # Internal fields are not shown.
    for internal in ("Language versions last changed", "Updated", "Created", "search"):
        assert f"<h2>{internal}" not in page


def test_the_comparison_lists_changed_attachments(staff_client):
    document = add_document(staff_client)
    attachment = document.attachments.get()
    edit(staff_client, document, **{"attachments-0-language": "en"})
    page = compare(staff_client, document)
    assert "<h2>Attachments</h2>" in page
    assert f"changed: {attachment}" in page


def test_restoring_says_first_what_will_change(staff_client):
    document = add_document(staff_client)
    edit(staff_client, document, title_en="Second version", summary_ru="Новое резюме")
    first = Version.objects.get_for_object(document).last()
    url = reverse("admin:documents_document_revision", args=[document.pk, first.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    will_change = next(n for n in notes if n.startswith("Restoring this version will change"))
    assert "Title (English)" in will_change and "Summary (Russian)" in will_change
    assert "Title (Russian)" not in will_change
    document.refresh_from_db()
    assert document.title_en == "Second version"  # nothing restored yet


def test_restoring_the_present_version_says_nothing_changes(staff_client):
    document = add_document(staff_client)
    latest = Version.objects.get_for_object(document).first()
    url = reverse("admin:documents_document_revision", args=[document.pk, latest.pk])
    response = staff_client.get(url)
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("changes none of them" in n for n in notes)


def test_word_diff_escapes_and_keeps_the_unchanged():
    html = history.word_diff("a <b> c", "a <i> c")
    assert html == ('<div class="history-diff">a &lt;<del>b</del><ins>i</ins>&gt; c</div>')


def test_a_concurrent_save_is_merged_where_only_one_changed_a_field(login):
    first, second = login("Editor"), login("Editor")
    with create_revision():  # its history starts here, as the demo's and imports' do
        document = DocumentFactory(**at(D), **COMPLETE, summary_en="Agreed summary")
    opened = document_data(document, summary_en="Agreed summary")
    seen = second.get(url(document)).context["adminform"].form["seen"].value()
    ok = first.post(
        url(document),
        {**opened, "title_en": "First's title", "body_en": "<p>First's</p>", "seen": seen},
    )
    assert ok.status_code == 302

    # The second changed the summary and the text; the first, the title and the text.
    mine = {**opened, "summary_en": "Second's summary", "body_en": "<p>Second's</p>", "seen": seen}
    response = second.post(url(document), mine)
    assert response.status_code == 200
    message = response.context["adminform"].form.non_field_errors()[0]
    assert first.user.username in message
    assert "Their version of Title [en], which you had not changed, is now in the form." in message
    assert "You both changed Full text [en]: the form holds your version." in message
    form = response.context["adminform"].form
    assert form["title_en"].value() == "First's title"  # theirs, merged in
    assert form["summary_en"].value() == "Second's summary"  # mine, kept
    assert form["body_en"].value() == "<p>Second's</p>"  # both: mine, as told

    # Saving the form as it now stands loses neither.
    again = {**mine, "title_en": form["title_en"].value(), "seen": form["seen"].value()}
    assert second.post(url(document), again).status_code == 302
    document.refresh_from_db()
    assert (document.title_en, document.summary_en) == ("First's title", "Second's summary")
