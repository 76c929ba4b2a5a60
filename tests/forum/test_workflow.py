"""Roles, states and their record, scheduled release, preview."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from forum.core.content import Status
from forum.core.models import StatusChange
from forum.models import Session
from tests.documents.factories import DocumentFactory
from tests.forum.factories import CommitteeFactory, SessionFactory
from tests.forum.test_workflow_door import document_data
from tests.forum.test_workflow_door import url as change_url

pytestmark = pytest.mark.django_db
COMPLETE = {
    f"{field}_{lang}": f"{field} {lang}"
    for field in ("title", "body")
    for lang in ("az", "en", "ru")
}


def form_data(document, **changes):
    """The change form as the admin posts it, without "publish anyway" unless given."""
    return document_data(document, **{"publish_anyway": "", **changes})


def test_roles_exist_with_their_permissions():
    editor, translator, publisher = (
        set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        for name in ("Editor", "Translator", "Publisher")
    )
    assert {"add_document", "change_document", "delete_document"} <= editor
    assert not any(p.startswith("publish_") for p in editor)
    assert {"translate_document", "view_document"} <= translator
    assert not any(p.split("_")[0] in {"add", "change", "delete", "publish"} for p in translator)
    assert {"publish_document", "publish_session", "change_document"} <= publisher


def test_editor_drafts_and_sends_for_review_but_cannot_publish(login):
    editor = login("Editor")
    document = DocumentFactory(draft=True, **COMPLETE)
    response = editor.post(change_url(document), form_data(document, status=Status.IN_REVIEW))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.IN_REVIEW

    # A forged POST to publish is refused: "published" is not among the editor's choices.
    response = editor.post(change_url(document), form_data(document, status=Status.PUBLISHED))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    document.refresh_from_db()
    assert document.status == Status.IN_REVIEW

    # And the bulk action is not theirs either.
    changelist = reverse("admin:documents_document_changelist")
    editor.post(
        changelist,
        {"action": "publish", "_selected_action": [document.pk], "publish_anyway": "yes"},
    )
    document.refresh_from_db()
    assert document.status == Status.IN_REVIEW


def test_editor_cannot_set_a_publication_time(login):
    editor = login("Editor")
    document = DocumentFactory(draft=True)
    soon = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    editor.post(
        change_url(document),
        form_data(document, published_at_0=soon[:10], published_at_1=soon[11:]),
    )
    document.refresh_from_db()
    assert document.published_at is None


def test_translator_edits_language_versions_only(login):
    translator = login("Translator")
    document = DocumentFactory(draft=True, title_ru="Старое", slug="original-slug")
    page = translator.get(change_url(document))
    assert page.status_code == 200
    assert 'name="title_ru"' in page.content.decode()
    assert 'name="slug"' not in page.content.decode()

    # Forged: publish, change the slug, and translate.
    translator.post(
        change_url(document),
        form_data(document, title_ru="Новое", status=Status.PUBLISHED, slug="forged"),
    )
    document.refresh_from_db()
    assert document.title_ru == "Новое"
    assert document.slug == "original-slug"
    assert document.status == Status.DRAFT


def test_translator_cannot_add_delete_or_publish(login):
    translator = login("Translator")
    document = DocumentFactory(draft=True)
    assert translator.get(reverse("admin:documents_document_add")).status_code == 403
    delete = reverse("admin:documents_document_delete", args=[document.pk])
    assert translator.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:documents_document_changelist")
    translator.post(
        changelist,
        {"action": "publish", "_selected_action": [document.pk], "publish_anyway": "yes"},
    )
    translator.post(
        changelist, {"action": "delete_selected", "_selected_action": [document.pk], "post": "yes"}
    )
    document.refresh_from_db()
    assert document.status == Status.DRAFT


def test_publisher_publishes_and_withdraws_with_a_record(login):
    publisher = login("Publisher")
    document = DocumentFactory(status=Status.IN_REVIEW, published_at=None, **COMPLETE)
    response = publisher.post(change_url(document), form_data(document, status=Status.PUBLISHED))
    assert response.status_code == 302
    assert Client().get(document.get_absolute_url()).status_code == 200

    changelist = reverse("admin:documents_document_changelist")
    publisher.post(changelist, {"action": "withdraw", "_selected_action": [document.pk]})
    assert Client().get(document.get_absolute_url()).status_code == 404
    assert publisher.get(change_url(document)).status_code == 200  # still in the admin

    steps = StatusChange.objects.filter(object_id=document.pk).order_by("changed_at", "pk")
    assert [(s.from_status, s.to_status, s.changed_by) for s in steps][-2:] == [
        (Status.IN_REVIEW, Status.PUBLISHED, publisher.user),
        (Status.PUBLISHED, Status.WITHDRAWN, publisher.user),
    ]
    assert "Withdrawn" in publisher.get(change_url(document)).content.decode()


def test_publishing_with_a_missing_language_asks_first(login):
    publisher = login("Publisher")
    document = DocumentFactory(status=Status.IN_REVIEW, published_at=None, body_az="")
    response = publisher.post(change_url(document), form_data(document, status=Status.PUBLISHED))
    assert response.status_code == 200
    assert "Not yet in every language: az (full text)" in response.content.decode()
    document.refresh_from_db()
    assert document.status == Status.IN_REVIEW
    response = publisher.post(
        change_url(document), form_data(document, status=Status.PUBLISHED, publish_anyway="on")
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED


def test_published_items_cannot_be_deleted(login):
    publisher = login("Editor")
    document = DocumentFactory()
    delete = reverse("admin:documents_document_delete", args=[document.pk])
    assert publisher.post(delete, {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_scheduled_item_appears_exactly_at_its_time(client):
    release = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    document = DocumentFactory(published_at=release)
    with time_machine.travel(release - datetime.timedelta(seconds=1), tick=False):
        assert client.get(document.get_absolute_url()).status_code == 404
        assert document.slug not in client.get("/en/documents/").content.decode()
    with time_machine.travel(release, tick=False):
        assert client.get(document.get_absolute_url()).status_code == 200
        assert document.slug in client.get("/en/documents/").content.decode()


def test_session_released_with_its_documents_at_one_time(login):
    publisher = login("Publisher")
    session = SessionFactory(number=4, draft=True)
    in_review = DocumentFactory(session=session, status=Status.IN_REVIEW, published_at=None)
    draft = DocumentFactory(session=session, draft=True)
    other = DocumentFactory(draft=True)
    changelist = reverse("admin:forum_session_changelist")
    form = publisher.post(changelist, {"action": "release", "_selected_action": [session.pk]})
    assert "Publish at" in form.content.decode()

    when = (timezone.localtime() + datetime.timedelta(hours=3)).replace(second=0, microsecond=0)
    publisher.post(
        changelist,
        {
            "action": "release",
            "_selected_action": [session.pk],
            "release_at": when.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    items = [
        Session.objects.get(pk=session.pk),
        *Document.objects.filter(pk__in=[in_review.pk, draft.pk]),
    ]
    assert {(i.status, i.published_at) for i in items} == {(Status.PUBLISHED, when)}
    assert Document.objects.get(pk=other.pk).status == Status.DRAFT
    assert Client().get("/en/sessions/4/").status_code == 404  # not yet
    with time_machine.travel(when, tick=False):
        assert Client().get("/en/sessions/4/").status_code == 200


def test_editor_cannot_release_a_session(login):
    editor = login("Editor")
    session = SessionFactory(draft=True)
    editor.post(
        reverse("admin:forum_session_changelist"),
        {"action": "release", "_selected_action": [session.pk], "release_at": "2026-01-01T10:00"},
    )
    session.refresh_from_db()
    assert session.status == Status.DRAFT


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_preview_of_drafts_for_staff_only(login, lang):
    session = SessionFactory(number=5, draft=True, theme_en="Draft theme")
    committee = CommitteeFactory(draft=True)
    document = DocumentFactory(draft=True)
    staff = login("Translator")
    urls = [
        f"/{lang}/sessions/5/",
        committee.get_absolute_url().replace("/en/", f"/{lang}/"),
        document.get_absolute_url().replace("/en/", f"/{lang}/"),
    ]
    for url in urls:
        anonymous = Client().get(url)
        assert anonymous.status_code == 404, url
        preview = staff.get(url)
        assert preview.status_code == 200, url
        assert 'class="preview-banner"' in preview.content.decode()
        assert f'<html lang="{lang}">' in preview.content.decode()
        assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    assert session.pk


def test_new_items_record_their_first_state(login):
    editor = login("Editor")
    editor.post(
        reverse("admin:documents_document_add"),
        form_data(DocumentFactory.build(slug="fresh", status=Status.DRAFT)),
    )
    step = StatusChange.objects.get(object_id=Document.objects.get(slug="fresh").pk)
    assert (step.from_status, step.to_status, step.changed_by) == ("", Status.DRAFT, editor.user)
