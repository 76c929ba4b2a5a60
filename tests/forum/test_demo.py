import pytest
from django.core.management import call_command

from forum.models import (
    Committee,
    CommitteeMember,
    Organisation,
    Participation,
    Person,
    Secretariat,
    Session,
)

pytestmark = pytest.mark.django_db
MODELS = [Committee, CommitteeMember, Organisation, Participation, Person, Secretariat, Session]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_command_is_idempotent():
    call_command("load_demo", stdout=None)
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert first["Session"] == 3


def test_demo_keeps_edits_made_since(client):
    call_command("load_demo")
    Session.objects.filter(number=3).update(venue_en="Edited venue")
    call_command("load_demo")
    assert Session.objects.get(number=3).venue_en == "Edited venue"


def test_demo_sessions_are_public_with_their_sources(client):
    call_command("load_demo")
    html = client.get("/en/sessions/3/").content.decode()
    assert "Interaction of security bodies in preventing humanitarian crises" in html
    assert "about 90 countries, as reported" in html
    assert "Trend, AZERTAC" in html
    assert "September 2024" in client.get("/en/sessions/2/").content.decode()
    assert "May 2023" in client.get("/en/sessions/1/").content.decode()
    assert "Бакинский форум безопасности" in client.get("/ru/sessions/3/").content.decode()


def test_demo_marks_what_is_not_established_as_sample(client):
    call_command("load_demo")
    assert not Session.objects.filter(is_sample=True).exists()
    assert Secretariat.objects.get().is_sample
    assert CommitteeMember.objects.get().is_sample
    html = client.get("/az/committee/").content.decode()
    assert html.count("badge--sample") == 2
    assert "Azərbaycan" in html
