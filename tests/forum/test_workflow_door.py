"""
The workflow's one door, tried through the admin as each role and through every path:
the change form, an inline row, a bulk action, a restored version (revert), a recovered
deleted item, a text import. Only the moves the roles' table allows change anything.
"""

import datetime
import itertools

import pytest
import reversion
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.db.transaction import atomic
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from documents.models import Document, Initiative
from forum.core import workflow
from forum.core.content import Status, Via
from forum.core.models import StatusChange
from tests.documents.factories import DeclarationFactory, DocumentFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

D, R, P, W = Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED, Status.WITHDRAWN
# The roles' table as the design states it (Editor: draft ⇄ in review; Publisher:
# publish, schedule, withdraw; Translator: none), written out apart from the code.
ALLOWED = {
    "Editor": {(D, R), (R, D)},
    "Publisher": {(D, R), (R, D), (D, P), (R, P), (W, P), (P, W), (W, D)},
    "Translator": set(),
}
ROLES = sorted(ALLOWED)
MOVES = [(s, t) for s, t in itertools.product(Status, Status) if s != t]
PAST = timezone.now() - datetime.timedelta(days=1)
LANGUAGES = ("az", "en", "ru")
COMPLETE = {f"{f}_{code}": f"{f} {code}" for f in ("title", "body") for code in LANGUAGES}
INITIATIVE = {f"{f}_{code}": f"{f} {code}" for f in ("title", "description") for code in LANGUAGES}


def at(status):
    """Factory arguments for an item in ``status``."""
    return {"status": status, "published_at": PAST if status in (P, W) else None}


def url(obj, view="change", *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


def declaration_url(declaration):
    return reverse("admin:documents_declaration_change", args=[declaration.pk])


def document_data(document, **changes):
    data = {
        "kind": document.kind,
        "slug": document.slug,
        "date": document.date.isoformat(),
        "status": document.status,
        "original_language": document.original_language,
        "adoption": document.adoption,
        "attachments-TOTAL_FORMS": 0,
        "attachments-INITIAL_FORMS": 0,
        "initiatives-TOTAL_FORMS": 0,
        "initiatives-INITIAL_FORMS": 0,
        "publish_anyway": "on",
        **{
            f"{f}_{code}": getattr(document, f"{f}_{code}") or ""
            for f in ("title", "summary", "body")
            for code in LANGUAGES
        },
    }
    return {**data, **changes}


def initiative_row(initiative, index=0, **changes):
    prefix = f"initiatives-{index}-"
    row = {
        "number": initiative.number,
        "progress": initiative.progress,
        "status": initiative.status,
        "lead_country": "",
        "lead_organisation": "",
        **{f"title_{code}": getattr(initiative, f"title_{code}") or "" for code in LANGUAGES},
        **{
            f"description_{code}": getattr(initiative, f"description_{code}") or ""
            for code in LANGUAGES
        },
    }
    if initiative.pk:
        row |= {"id": initiative.pk, "declaration": initiative.declaration_id}
    return {prefix + key: value for key, value in {**row, **changes}.items()}


def steps(obj):
    """The item's recorded workflow steps."""
    kind = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return StatusChange.objects.filter(content_type=kind, object_id=obj.pk)


def public(obj):
    return Client().get(obj.get_absolute_url()).status_code == 200


def test_the_table_in_the_code_is_the_roles_table():
    publisher_moves = {pair for pair, move in workflow.TRANSITIONS.items() if pair[0] != pair[1]}
    editor_moves = {
        pair for pair, move in workflow.TRANSITIONS.items() if move.permission == "change"
    }
    assert publisher_moves == ALLOWED["Publisher"]
    assert editor_moves == ALLOWED["Editor"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("source", "target"), MOVES)
def test_change_form(login, role, source, target):
    staff = login(role)
    document = DocumentFactory(**at(source), **COMPLETE)
    staff.post(url(document), document_data(document, status=target))
    document.refresh_from_db()
    allowed = (source, target) in ALLOWED[role]
    assert document.status == (target if allowed else source)
    recorded = steps(document).filter(to_status=target)
    assert recorded.filter(changed_by=staff.user, via=Via.FORM).exists() == allowed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("source", "target"), MOVES)
def test_inline_row(login, role, source, target):
    staff = login(role)
    declaration = DeclarationFactory(**COMPLETE)
    initiative = InitiativeFactory(declaration=declaration, **at(source), **INITIATIVE)
    staff.post(
        declaration_url(declaration),
        document_data(
            declaration,
            **{"initiatives-TOTAL_FORMS": 1, "initiatives-INITIAL_FORMS": 1},
            **initiative_row(initiative, status=target),
        ),
    )
    initiative.refresh_from_db()
    allowed = (source, target) in ALLOWED[role]
    assert initiative.status == (target if allowed else source)
    recorded = steps(initiative).filter(to_status=target)
    assert recorded.filter(changed_by=staff.user, via=Via.INLINE).exists() == allowed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("source", list(Status))
@pytest.mark.parametrize(("action", "target"), [("publish", P), ("withdraw", W)])
def test_bulk_action(login, role, source, action, target):
    staff = login(role)
    document = DocumentFactory(**at(source), **COMPLETE)
    staff.post(
        reverse("admin:documents_document_changelist"),
        {"action": action, "_selected_action": [document.pk], "publish_anyway": "yes"},
    )
    document.refresh_from_db()
    allowed = (source, target) in ALLOWED[role]
    assert document.status == (target if allowed or source == target else source)


def document_with_version_at(status):
    """A document whose history holds a version in ``status``, titled "Old title"."""
    document = DocumentFactory(**at(D), **{**COMPLETE, "title_en": "Old title"})
    with reversion.create_revision():
        document.status = status
        workflow.save(document, None)
    return document


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("source", "target"), MOVES)
def test_revert_restores_content_never_the_state(login, role, source, target):
    staff = login(role)
    document = document_with_version_at(target)
    old = Version.objects.get_for_object(document).get()
    document.title_en, document.status = "New title", source
    with reversion.create_revision():
        workflow.save(document, None)

    page = staff.get(url(document, "revision", old.pk))
    restored = document_data(document, title_en="Old title")  # as the page offers it
    response = staff.post(url(document, "revision", old.pk), restored)
    document.refresh_from_db()
    assert document.status == source  # whoever asks, and whatever the version said
    if role == "Translator":
        assert page.status_code == response.status_code == 403
        assert document.title_en == "New title"
    else:
        assert 'value="Old title"' in page.content.decode()
        assert 'name="status"' not in page.content.decode()
        assert "The status and publication time stay as they are now" in page.content.decode()
        assert response.status_code == 302
        assert document.title_en == "Old title"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", list(Status))
def test_recover_brings_a_deleted_item_back_as_a_draft(login, role, target):
    staff = login(role)
    document = document_with_version_at(target)
    version = Version.objects.get_for_object(document).get()
    workflow.move([document], W if document.status == P else document.status, None)
    pk = document.pk
    document.delete()
    response = staff.post(
        reverse("admin:documents_document_recover", args=[version.pk]), document_data(document)
    )
    recovered = Document.objects.filter(pk=pk).first()
    if role == "Editor":  # the one role that may add, so recover
        assert response.status_code == 302
        assert (recovered.status, recovered.published_at) == (D, None)
        assert not public(recovered)
    else:
        assert response.status_code == 403 and recovered is None


def test_recover_refuses_a_version_of_an_item_that_exists(login):
    editor = login("Editor")
    document = document_with_version_at(P)
    version = Version.objects.get_for_object(document).get()
    response = editor.post(
        reverse("admin:documents_document_recover", args=[version.pk]), document_data(document)
    )
    assert response.status_code == 404
    document.refresh_from_db()
    assert document.status == P


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("source", list(Status))
def test_text_import_changes_the_text_never_the_state(login, role, source):
    staff = login(role)
    document = DocumentFactory(**at(source), **COMPLETE)
    text = SimpleUploadedFile("text.txt", "Новый текст".encode())
    response = staff.post(url(document, "import_text"), {"language": "ru", "file": text})
    assert response.status_code == 302
    document.refresh_from_db()
    assert "Новый текст" in document.body_ru
    assert document.status == source


def test_withdrawn_version_reverted_by_an_editor_stays_off_the_site(login):
    """Item 1 as it was found: revert of a published version after a withdrawal."""
    publisher, editor = login("Publisher"), login("Editor")
    document = DocumentFactory(**at(R), **COMPLETE)
    publisher.post(url(document), document_data(document, status=P))
    document.refresh_from_db()
    assert public(document)
    published_version = Version.objects.get_for_object(document).first()
    publisher.post(
        reverse("admin:documents_document_changelist"),
        {"action": "withdraw", "_selected_action": [document.pk]},
    )
    assert not public(document)
    assert editor.post(
        url(document, "revision", published_version.pk), document_data(document)
    ).status_code in (302, 403)
    document.refresh_from_db()
    assert document.status == W and not public(document)


def test_editor_cannot_take_published_content_down_or_delete_it(login):
    editor = login("Editor")
    document = DocumentFactory(**COMPLETE)
    page = editor.get(url(document)).content.decode()
    assert f'value="{D}"' not in page and f'value="{R}"' not in page
    response = editor.post(url(document), document_data(document, status=D))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert editor.post(url(document, "delete"), {"post": "yes"}).status_code == 403
    document.refresh_from_db()
    assert document.status == P and public(document)


def test_public_items_cannot_be_deleted_by_any_path():
    document = DocumentFactory()
    with pytest.raises(ProtectedError, match="withdraw it before deleting it"), atomic():
        document.delete()
    with pytest.raises(ProtectedError), atomic():
        Document.objects.filter(pk=document.pk).delete()
    assert public(document)


@pytest.mark.parametrize("role", ["Editor", "Publisher"])
def test_a_new_initiative_row_is_published_only_by_a_publisher(login, role):
    staff = login("Editor")  # adding rows is the Editor's; publishing them is not
    if role == "Publisher":
        staff.user.groups.add(Group.objects.get(name="Publisher"))
    declaration = DeclarationFactory(**COMPLETE)
    new = Initiative(declaration=declaration, number=7, status=P, **INITIATIVE)
    response = staff.post(
        declaration_url(declaration),
        document_data(
            declaration,
            **{"initiatives-TOTAL_FORMS": 1, "initiatives-INITIAL_FORMS": 0},
            **initiative_row(new),
        ),
    )
    created = Initiative.objects.filter(declaration=declaration, number=7).first()
    if role == "Editor":
        assert response.status_code == 200 and created is None
    else:
        assert response.status_code == 302 and public(created)
        step = steps(created).get()
        assert (step.from_status, step.to_status, step.changed_by, step.via) == (
            "",
            P,
            staff.user,
            Via.INLINE,
        )


def test_the_model_refuses_a_change_that_did_not_come_through_the_door():
    document = DocumentFactory(**at(D))
    document.status = P
    with pytest.raises(workflow.WorkflowError):
        document.save()
    with pytest.raises(workflow.WorkflowError):
        Document.objects.filter(pk=document.pk).update(status=P)
    with pytest.raises(workflow.WorkflowError):
        Document(slug="new", title_en="New", date=PAST.date(), kind="statement", **at(P)).save()
    with pytest.raises(workflow.WorkflowError):
        Document._base_manager.filter(pk=document.pk).update(status=P, published_at=PAST)
    new = Document(slug="bulk", title_en="Bulk", date=PAST.date(), kind="statement", **at(P))
    with pytest.raises(workflow.WorkflowError):
        Document.objects.bulk_create([new])
    upsert = Document(slug=document.slug, title_en="x", date=PAST.date(), kind="statement")
    with pytest.raises(workflow.WorkflowError):
        Document.objects.bulk_create(
            [upsert],
            update_conflicts=True,
            unique_fields=["slug"],
            update_fields=["status", "published_at"],
        )
    document.refresh_from_db()
    assert document.status == D
    assert not Document.objects.filter(slug="bulk").exists()
    # The system's own bulk loader (the benchmark's corpus) says so explicitly.
    Document.objects.bulk_create(workflow.admit_all([new]))
    assert public(Document.objects.get(slug="bulk"))


def test_a_raw_save_keeps_the_stored_state():
    """A version restored from the shell (django-reversion) is content only."""
    document = document_with_version_at(P)
    workflow.move([document], W, None)
    Version.objects.get_for_object(document).first().revert()
    document.refresh_from_db()
    assert document.status == W


def test_concurrent_edits_are_not_silently_lost(login):
    first, second = login("Editor"), login("Editor")
    document = DocumentFactory(**at(D), **COMPLETE)
    with reversion.create_revision():
        workflow.save(document, None)  # its history starts here, as for any edit
    # Both open the form; the first saves a new title.
    seen = second.get(url(document)).context["adminform"].form["seen"].value()
    assert seen == first.get(url(document)).context["adminform"].form["seen"].value()
    assert first.post(url(document), document_data(document, title_en="First's title", seen=seen))
    document.refresh_from_db()
    assert document.title_en == "First's title"

    # The second, unaware, saves a summary: refused, told who changed what.
    theirs = document_data(document, title_en="title en", summary_en="Second's", seen=seen)
    response = second.post(url(document), theirs)
    assert response.status_code == 200
    message = response.content.decode()
    assert first.user.username in message and "They changed: Title [en]." in message
    assert "after you opened it" in message
    document.refresh_from_db()
    assert (document.title_en, document.summary_en) == ("First's title", "A summary.")

    # Having looked, they save again: a deliberate choice, carried by the form.
    again = response.context["adminform"].form["seen"].value()
    assert second.post(url(document), {**theirs, "seen": again}).status_code == 302
    document.refresh_from_db()
    assert document.summary_en == "Second's"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_stale_form_message_is_translated(login, lang):
    editor = login("Editor")
    document = DocumentFactory(**at(D), **COMPLETE)
    seen = editor.get(url(document)).context["adminform"].form["seen"].value()
    workflow.save(document, None)  # saved by someone else meanwhile
    response = editor.post(
        url(document), document_data(document, seen=seen), HTTP_ACCEPT_LANGUAGE=lang
    )
    expected = {"az": "açdıqdan sonra", "en": "after you opened it", "ru": "после того"}
    assert expected[lang] in response.content.decode()


@pytest.mark.parametrize("role", ["Editor", "Publisher"])
def test_moving_a_published_initiative_under_a_public_declaration_is_publishing(login, role):
    staff = login(role)
    hidden = DeclarationFactory(**at(W), **COMPLETE)
    public_declaration = DeclarationFactory(**COMPLETE)
    initiative = InitiativeFactory(declaration=hidden, **INITIATIVE)  # published, not public
    assert not public(initiative)
    data = {
        "declaration": public_declaration.pk,
        "number": initiative.number,
        "progress": initiative.progress,
        "status": initiative.status,
        "original_language": initiative.original_language,
        "notes-TOTAL_FORMS": 0,
        "notes-INITIAL_FORMS": 0,
        **INITIATIVE,
    }
    response = staff.post(url(initiative), data)
    initiative.refresh_from_db()
    if role == "Editor":
        assert response.status_code == 200
        assert "move a published item" in response.content.decode()
        assert initiative.declaration == hidden and not public(initiative)
    else:
        assert response.status_code == 302
        assert initiative.declaration == public_declaration and public(initiative)
    # Nor by the door from anywhere else.
    if role == "Editor":
        initiative.declaration = public_declaration
        with pytest.raises(workflow.WorkflowError):
            workflow.save(initiative, staff.user)


def test_an_inline_row_saved_meanwhile_is_not_silently_overwritten(login):
    first, second = login("Editor"), login("Editor")
    declaration = DeclarationFactory(**COMPLETE)
    initiative = InitiativeFactory(declaration=declaration, **at(D), **INITIATIVE)
    page = second.get(declaration_url(declaration))
    rows = next(
        f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "initiatives"
    )
    seen = rows.formset.forms[0]["seen"].value()
    assert seen

    # The first editor changes the initiative on its own page.
    initiative.title_en = "First's title"
    workflow.save(initiative, first.user)

    # The second saves the declaration with the row as they loaded it.
    row = initiative_row(initiative, title_en="title en", seen=seen)
    response = second.post(
        declaration_url(declaration),
        document_data(
            declaration, **{"initiatives-TOTAL_FORMS": 1, "initiatives-INITIAL_FORMS": 1}, **row
        ),
    )
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.title_en == "First's title"


@pytest.mark.parametrize(("state", "deleted"), [(P, False), (D, True)])
def test_an_inline_row_the_public_sees_is_withdrawn_before_it_is_deleted(login, state, deleted):
    editor = login("Editor")
    declaration = DeclarationFactory(**COMPLETE)
    initiative = InitiativeFactory(declaration=declaration, **at(state), **INITIATIVE)
    row = initiative_row(initiative, DELETE="on")
    response = editor.post(
        declaration_url(declaration),
        document_data(
            declaration, **{"initiatives-TOTAL_FORMS": 1, "initiatives-INITIAL_FORMS": 1}, **row
        ),
    )
    assert Initiative.objects.filter(pk=initiative.pk).exists() != deleted
    if deleted:
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert "withdraw it before deleting it" in response.content.decode()
