"""The admin attacked (the desk, the readable history, the merge of two editors): what a
review found, mended, and what held and is worth keeping."""

import datetime
import re

import pytest
import reversion
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from forum.core import workflow
from forum.core.content import Status
from tests.documents.factories import DocumentFactory
from tests.forum.test_workflow_door import COMPLETE, at, document_data, url

pytestmark = pytest.mark.django_db
D, R, P, W = Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED, Status.WITHDRAWN
HOME = reverse("admin:index")
HOSTILE = "</script><script>alert(1)</script><!-- {item} {field} %(fields)s %s \u202e\"'"


def with_history(document, user=None):
    with reversion.create_revision():
        reversion.set_user(user)
        workflow.save(document, user)
    return document


def split(when):
    local = timezone.localtime(when)
    return {
        "published_at_0": local.date().isoformat(),
        "published_at_1": local.strftime("%H:%M:%S"),
    }


def as_posted(form):
    """What a browser posts back from a re-rendered bound form."""
    return {key: form.data.getlist(key) for key in form.data}


# --- the merge of two editors --------------------------------------------------------


def test_merge_takes_the_other_publishers_publication_time(login):
    """Two publishers: one reschedules, the other edits a title on a stale form. The refusal
    says their publication time "is now in the form", but the split date/time widget reads
    published_at_0/_1, not the key the merge writes: saving again reverts the schedule."""
    first, second = login("Publisher"), login("Publisher")
    document = DocumentFactory(**at(P), **COMPLETE)
    document.published_at = document.published_at.replace(microsecond=0)
    document = with_history(document)
    old = document.published_at
    seen = second.get(url(document)).context["adminform"].form["seen"].value()
    later = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0, second=0)
    response = first.post(url(document), document_data(document, seen=seen, **split(later)))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.published_at == later

    stale = document_data(document, title_en="Second's title", seen=seen, **split(old))
    response = second.post(url(document), stale)
    assert response.status_code == 200
    assert "is now in the form" in response.content.decode()
    again = second.post(url(document), as_posted(response.context["adminform"].form))
    assert again.status_code == 302
    document.refresh_from_db()
    assert document.title_en == "Second's title"
    assert document.published_at == later  # the other publisher's schedule is kept


def test_merge_keeps_a_status_moved_meanwhile_and_changes_none(login):
    editor, other = login("Editor"), login("Editor")
    document = with_history(DocumentFactory(**at(D), **COMPLETE))
    seen = editor.get(url(document)).context["adminform"].form["seen"].value()
    assert (
        other.post(url(document), document_data(document, status=R, seen=seen)).status_code == 302
    )
    response = editor.post(
        url(document), document_data(document, status=D, summary_en="Mine", seen=seen)
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.data["status"] == R
    assert editor.post(url(document), as_posted(form)).status_code == 302
    document.refresh_from_db()
    assert (document.status, document.summary_en) == (R, "Mine")


def test_merge_with_hostile_values_and_a_third_save(login):
    a, b, c = login("Editor"), login("Editor"), login("Editor")
    b.user.first_name, b.user.last_name = "%(who)s {who}", "<b>x</b>"
    b.user.save()
    document = with_history(DocumentFactory(**at(D), **COMPLETE))
    seen = a.get(url(document)).context["adminform"].form["seen"].value()
    b_seen = b.get(url(document)).context["adminform"].form["seen"].value()
    assert (
        b.post(url(document), document_data(document, title_en=HOSTILE, seen=b_seen)).status_code
        == 302
    )
    document.refresh_from_db()
    c_seen = c.get(url(document)).context["adminform"].form["seen"].value()
    assert (
        c.post(
            url(document), document_data(document, body_en="%(fields)s", seen=c_seen)
        ).status_code
        == 302
    )
    document.refresh_from_db()
    response = a.post(
        url(document),
        document_data(
            document, title_en="title en", body_en="body en", summary_en="A's", seen=seen
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<b>x</b>" not in html and "<script>alert(1)" not in html
    assert a.post(url(document), as_posted(response.context["adminform"].form)).status_code == 302
    document.refresh_from_db()
    assert (document.title_en, document.body_en, document.summary_en) == (
        HOSTILE,
        "%(fields)s",
        "A's",
    )


def test_an_item_deleted_meanwhile_is_no_500(login):
    editor = login("Editor")
    document = with_history(DocumentFactory(**at(D), **COMPLETE))
    seen = editor.get(url(document)).context["adminform"].form["seen"].value()
    data = document_data(document, seen=seen)
    document.delete()
    assert editor.post(url(document), data).status_code in (302, 404)


def test_translator_cannot_change_untranslated_fields_through_the_form(login):
    translator = login("Translator")
    document = with_history(DocumentFactory(**at(D), **COMPLETE))
    seen = translator.get(url(document)).context["adminform"].form["seen"].value()
    forged = document_data(
        document,
        slug="forged",
        status=P,
        kind="x",
        title_ru="RU",
        seen=seen,
        original_language="ru",
        publish_anyway="on",
        **split(timezone.now()),
    )
    assert translator.post(url(document), forged).status_code == 302
    document.refresh_from_db()
    assert (document.title_ru, document.status, document.slug) == ("RU", D, document.slug)
    assert document.slug != "forged" and document.original_language != "ru"


# --- the restore summary and the comparison -------------------------------------------


def test_restore_summary_with_a_junk_object_id_is_no_500(login):
    publisher = login("Publisher")
    document = with_history(DocumentFactory(**at(D), **COMPLETE))
    version = Version.objects.get_for_object(document).first()
    path = reverse("admin:documents_document_revision", args=["junk", version.pk])
    assert publisher.get(path).status_code == 404


def test_compare_with_a_junk_object_id_is_no_500(login):
    publisher = login("Publisher")
    path = reverse("admin:documents_document_compare", args=["junk"])
    assert publisher.get(path, {"version_id1": 1, "version_id2": 2}).status_code == 404


def test_translator_gets_no_restore_summary(login):
    translator = login("Translator")
    document = with_history(DocumentFactory(**at(D), **COMPLETE))
    version = Version.objects.get_for_object(document).first()
    document.title_en = "Changed"
    with_history(document)
    path = reverse("admin:documents_document_revision", args=[document.pk, version.pk])
    assert translator.get(path).status_code == 403
    assert "Restoring this version will change" not in translator.get(HOME).content.decode()


def test_compare_of_hostile_values_escapes_them(login):
    publisher = login("Publisher")
    document = with_history(DocumentFactory(**at(D), **COMPLETE))
    document.title_en = HOSTILE + " " + "x" * 400
    document.body_en = "<p>&lt;script&gt;alert(2)&lt;/script&gt;</p><img src=x onerror=alert(3)"
    with_history(document)
    v2, v1 = Version.objects.get_for_object(document)[:2]
    path = reverse("admin:documents_document_compare", args=[document.pk])
    response = publisher.get(path, {"version_id1": v1.pk, "version_id2": v2.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    revision = reverse("admin:documents_document_revision", args=[document.pk, v1.pk])
    response = publisher.get(revision)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_restore_never_moves_status_or_time(login):
    publisher = login("Publisher")
    document = with_history(DocumentFactory(**at(D), **COMPLETE))
    first = Version.objects.get_for_object(document).first()
    document.title_en = "Now"
    workflow.save(document, publisher.user)
    document.status = P
    document.published_at = timezone.now()
    with reversion.create_revision():
        workflow.save(document, publisher.user)
    workflow.move([document], W, publisher.user)
    document.refresh_from_db()
    path = reverse("admin:documents_document_revision", args=[document.pk, first.pk])
    page = publisher.get(path)
    assert page.status_code == 200
    data = as_posted(page.context["adminform"].form)
    data.update({"status": [P], **{k: [v] for k, v in split(timezone.now()).items()}})
    data.update(
        {
            "attachments-TOTAL_FORMS": ["0"],
            "attachments-INITIAL_FORMS": ["0"],
            "initiatives-TOTAL_FORMS": ["0"],
            "initiatives-INITIAL_FORMS": ["0"],
        }
    )
    response = publisher.post(path, data)
    assert response.status_code in (200, 302)
    document.refresh_from_db()
    assert document.status == W


# --- the desk ------------------------------------------------------------------------


def test_staff_without_a_role_sees_no_draft_titles_on_the_desk(django_user_model):
    """Recent changes list every revision, whatever the reader may view: a staff account
    with no content permission reads the titles (and authors) of unpublished drafts."""
    nobody = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client = Client()
    client.force_login(nobody)
    with_history(DocumentFactory(**at(D), **{**COMPLETE, "title_en": "Secret draft title"}))
    html = client.get(HOME).content.decode()
    assert "Secret draft title" not in html


@pytest.mark.parametrize("role", ["Editor", "Translator", "Publisher"])
def test_desk_escapes_hostile_titles(login, role):
    staff = login(role)
    document = DocumentFactory(**at(D), **{**COMPLETE, "title_en": HOSTILE, "title_ru": ""})
    with reversion.create_revision():
        reversion.set_user(staff.user)
        reversion.set_comment(HOSTILE)
        workflow.save(document, staff.user)
    DocumentFactory(
        status=P,
        published_at=timezone.now() + datetime.timedelta(days=1),
        **{**COMPLETE, "title_en": HOSTILE},
    )
    response = staff.get(HOME)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    lst = staff.get(reverse("admin:documents_document_changelist"))
    assert lst.status_code == 200 and "<script>alert(1)" not in lst.content.decode()


def test_translator_desk_links_only_items_they_may_change(login):
    translator = login("Translator")
    DocumentFactory(**at(D), **{**COMPLETE, "title_ru": "", "title_en": "Needs RU"})
    html = translator.get(HOME).content.decode()
    links = set(re.findall(r'href="(/[^"]*/change/[^"]*)"', html))
    assert links
    for link in links:
        assert translator.get(link.replace("&amp;", "&")).status_code == 200


@pytest.mark.parametrize("junk", ["zz", "", "%00", "ru#x", "<script>", "ru&language=en"])
def test_language_junk_is_no_500(login, junk):
    editor = login("Editor")
    document = DocumentFactory(**at(D), **COMPLETE)
    assert editor.get(url(document) + "?language=" + junk).status_code == 200
    assert editor.get(
        reverse("admin:documents_document_changelist") + "?language=" + junk
    ).status_code in (200, 302)
    assert editor.get(reverse("admin:translation-report") + "?language=" + junk).status_code in (
        200,
        302,
        404,
    )


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["Editor", "Translator", "Publisher"])
def test_desk_and_changelist_queries_do_not_grow(login, role):
    staff = login(role)

    def make(n):
        for i in range(n):
            with reversion.create_revision():
                reversion.set_user(staff.user)
                d = DocumentFactory(**at(D if i % 2 else R), **{**COMPLETE, "title_ru": ""})
                workflow.save(d, staff.user)
            DocumentFactory(
                status=P, published_at=timezone.now() + datetime.timedelta(days=1 + i), **COMPLETE
            )

    make(3)
    queries(staff, HOME), queries(staff, reverse("admin:documents_document_changelist"))
    small = (queries(staff, HOME), queries(staff, reverse("admin:documents_document_changelist")))
    make(30)
    large = (queries(staff, HOME), queries(staff, reverse("admin:documents_document_changelist")))
    assert large == small


def test_merge_does_not_claim_an_untouched_publication_time(login):
    """ "Publish now" stores microseconds; the split widget posts whole seconds, so the
    merge takes an untouched time for the second publisher's own change ("You both
    changed Published at: the form holds your version") and saving again reverts the
    other publisher's schedule."""
    first, second = login("Publisher"), login("Publisher")
    document = with_history(DocumentFactory(**at(P), **COMPLETE))
    assert document.published_at.microsecond
    page = second.get(url(document))
    seen = page.context["adminform"].form["seen"].value()
    later = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0, second=0)
    old = document.published_at
    assert (
        first.post(url(document), document_data(document, seen=seen, **split(later))).status_code
        == 302
    )
    document.refresh_from_db()
    response = second.post(
        url(document), document_data(document, title_en="T2", seen=seen, **split(old))
    )
    assert "You both changed" not in response.content.decode()
    second.post(url(document), as_posted(response.context["adminform"].form))
    document.refresh_from_db()
    assert document.published_at == later
