"""The editors' desk: the admin's home page, per role (forum/core/desk.py)."""

import datetime
import re

import pytest
import reversion
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum.core import workflow
from forum.core.content import Status
from tests.documents.factories import DocumentFactory, InitiativeFactory
from tests.forum.factories import SessionFactory

pytestmark = pytest.mark.django_db
HOME = reverse("admin:index")
FULL = {
    f"{f}_{lang}": f"{f} {lang}"
    for f in ("title", "summary", "body")
    for lang in "az en ru".split()
}


def panel(response, key):
    """The text of one of the desk's panels (empty if the page has no such panel)."""
    html = response.content.decode()
    match = re.search(
        rf'<section class="desk-panel[^"]*" id="desk-{key}".*?</section>', html, re.S
    )
    return match.group(0) if match else ""


def draft_by(user, title):
    """A draft ``user`` created through the workflow's door, as the change form does."""
    return workflow.save(DocumentFactory.build(draft=True, title_en=title), user)


def change(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def test_editor_sees_own_drafts_not_others(login):
    editor, other = login("Editor"), login("Editor")
    mine = draft_by(editor.user, "My own draft")
    draft_by(other.user, "Someone else's draft")
    DocumentFactory(title_en="Published already")
    # A draft the system made, last changed by the editor in the admin: theirs too.
    edited = DocumentFactory(draft=True, title_en="Edited by me")
    with reversion.create_revision():
        reversion.set_user(editor.user)
        edited.save()

    drafts = panel(editor.get(HOME), "drafts")
    assert "My own draft" in drafts and f'href="{change(mine)}"' in drafts
    assert "Edited by me" in drafts
    assert "Someone else" not in drafts
    assert "Published already" not in drafts
    assert "Someone else" in panel(other.get(HOME), "drafts")


def test_sent_back_lists_drafts_returned_from_review(login):
    editor, publisher = login("Editor"), login("Publisher")
    returned = draft_by(editor.user, "Returned to me")
    workflow.move([returned], Status.IN_REVIEW, editor.user)
    workflow.move([returned], Status.DRAFT, publisher.user)
    waiting = draft_by(editor.user, "Still in review")
    workflow.move([waiting], Status.IN_REVIEW, editor.user)
    draft_by(editor.user, "Never sent")

    sent_back = panel(editor.get(HOME), "sent-back")
    assert "Returned to me" in sent_back and f'href="{change(returned)}"' in sent_back
    assert publisher.user.username in sent_back  # who sent it back
    assert "Still in review" not in sent_back
    assert "Never sent" not in sent_back


def test_publisher_sees_review_oldest_first_and_scheduled_in_baku_time(login):
    editor, publisher = login("Editor"), login("Publisher")
    first = draft_by(editor.user, "Sent first")
    second = draft_by(editor.user, "Sent second")
    workflow.move([first], Status.IN_REVIEW, editor.user)
    workflow.move([second], Status.IN_REVIEW, editor.user)
    draft_by(editor.user, "A plain draft")
    when = datetime.datetime(2031, 3, 4, 8, 30, tzinfo=datetime.UTC)  # 12:30 in Baku
    soon = DocumentFactory(title_en="Out next year", published_at=when)
    DocumentFactory(title_en="Out already")

    response = publisher.get(HOME)
    review = panel(response, "review")
    assert review.index("Sent first") < review.index("Sent second")
    assert "A plain draft" not in review
    assert editor.user.username in review
    scheduled = panel(response, "scheduled")
    assert f'href="{change(soon)}"' in scheduled
    assert "Out already" not in scheduled
    assert 'datetime="2031-03-04T08:30:00+00:00"' in scheduled
    assert "12:30" in scheduled and "Baku time" in scheduled
    assert "core/admin/desk.js" in response.content.decode()
    # Publishers review, editors write: each sees their own lists.
    assert panel(response, "drafts") == ""
    assert panel(editor.get(HOME), "review") == ""


def test_translator_sees_missing_and_stale_languages_with_tab_links(login):
    translator = login("Translator")
    complete = DocumentFactory(**{**FULL, "title_en": "Complete"})
    lacking = DocumentFactory(**{**FULL, "title_en": "Lacking Russian", "body_ru": ""})
    # The original (az) is itself empty: not the translator's to fill, and not listed.
    DocumentFactory(
        original_language="az", **{**FULL, "title_en": "Original empty", "body_az": ""}
    )
    stale = DocumentFactory(original_language="en", **{**FULL, "title_en": "Behind"})
    later = timezone.now() + datetime.timedelta(days=1)
    with time_machine.travel(later):
        stale.body_en = "<p>Revised.</p>"
        stale.save()

    response = translator.get(HOME)
    listed = panel(response, "translations")
    assert "Lacking Russian" in listed
    assert f'href="{change(lacking)}?language=ru#language-ru"' in listed
    assert "Russian: missing" in listed
    assert f'href="{change(stale)}?language=az#language-az"' in listed
    assert "Azerbaijani: out of date" in listed
    assert "Original empty" not in listed
    assert change(complete) + "?" not in listed
    assert panel(response, "drafts") == "" and panel(response, "review") == ""


def test_recent_changes_say_who_and_when(login):
    editor = login("Editor")
    editor.user.first_name, editor.user.last_name = "Aysel", "Məmmədova"
    editor.user.save()
    session = SessionFactory()
    with reversion.create_revision():
        reversion.set_user(editor.user)
        reversion.set_comment("Theme corrected.")
        session.save()
    recent = panel(login("Translator").get(HOME), "recent")
    assert str(session) in recent and f'href="{change(session)}"' in recent
    assert "Aysel Məmmədova" in recent and "Theme corrected." in recent


def queries_for(client):
    client.get(HOME)  # content types and sessions cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["Editor", "Publisher", "Translator"])
def test_query_count_does_not_grow_with_the_archive(login, django_user_model, role):
    client = login(role)
    editor = django_user_model.objects.create_superuser("writer", "w@example.org", "pw")

    def add(count):
        for n in range(count):
            author = client.user if n % 2 else editor
            item = workflow.save(DocumentFactory.build(draft=True, title_ru=""), author)
            with reversion.create_revision():
                reversion.set_user(author)
                item.save()
            if n % 3:
                workflow.move([item], Status.IN_REVIEW, editor)
            if n % 3 == 2:
                workflow.move([item], Status.DRAFT, editor)
            DocumentFactory(published_at=timezone.now() + datetime.timedelta(days=n + 1))
            InitiativeFactory(draft=True, title_az="")

    add(5)
    listed = {"Editor": "drafts", "Publisher": "review", "Translator": "translations"}[role]
    assert "<li>" in panel(client.get(HOME), listed)
    few = queries_for(client)
    add(45)
    assert queries_for(client) == few


def test_security_models_apart_for_superusers_only(staff_client, login):
    html = staff_client.get(HOME).content.decode()
    security = html[html.index('id="desk-security-title"') :]
    for name in ("Lockouts", "Failed logins", "Authenticator apps", "Backup codes"):
        assert name in security
    assert "TOTP" not in html and "Otp_" not in html and ">Axes<" not in html
    # The content comes before the accounts' safeguards.
    assert html.index("app-documents") < html.index("app-auth") < html.index("app-axes")
    for role in ("Editor", "Publisher", "Translator"):
        page = login(role).get(HOME).content.decode()
        assert "desk-security-title" not in page and "Lockouts" not in page
