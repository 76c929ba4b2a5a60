"""Admin login: lockout after repeated failures, optional second factor."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "staff", password="correct horse battery", is_staff=True, is_superuser=True
    )


def attempt(client, password, username="staff", **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_good_password_logs_in(client, staff):
    response = attempt(client, "correct horse battery")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_locked_out_after_repeated_failures(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Even the right password is refused now.
    assert attempt(client, "correct horse battery").status_code == 429
    assert client.get("/admin/").status_code == 302


def test_one_address_cannot_lock_staff_out_everywhere(client, staff, settings):
    """Locked per account and address: the guesser is locked out, staff elsewhere are not."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "staff", "password": "x"}, REMOTE_ADDR="198.51.100.7")
    guesser = client.post(
        LOGIN,
        {"username": "staff", "password": "correct horse battery"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert guesser.status_code == 429
    response = client.post(
        LOGIN, {"username": "staff", "password": "correct horse battery"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302


def test_behind_the_proxy_the_lockout_is_per_client_not_per_proxy(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def through_proxy(password, forwarded):
        # nginx connects from 127.0.0.1 and appends the client's address to the header.
        return client.post(
            LOGIN,
            {"username": "staff", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(settings.AXES_FAILURE_LIMIT):
        # A new forged left-most address each time: the proxy's own entry still counts.
        through_proxy("x", f"192.0.2.{n}, 198.51.100.7")
    assert through_proxy("correct horse battery", "192.0.2.99, 198.51.100.7").status_code == 429
    assert through_proxy("correct horse battery", "203.0.113.5").status_code == 302


def test_second_factor_is_asked_of_staff_with_a_device(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    without = attempt(client, "correct horse battery")
    assert without.status_code == 200
    assert client.get("/admin/").status_code == 302

    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = attempt(
        client, "correct horse battery", otp_device=device.persistent_id, otp_token=code
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_second_factor_can_be_required_of_all_staff(client, staff, settings):
    settings.ADMIN_REQUIRE_2FA = True
    assert attempt(client, "correct horse battery").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_staff_without_a_device_logs_in_with_a_password_alone(client, staff):
    assert attempt(client, "correct horse battery").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
