"""Sign-in: lockout after repeated failures (django-axes) on both login forms, unlocking, redirects, password reset."""
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # tests.factories.user_in_group's
LOGIN = reverse("login")
ADMIN_LOGIN = reverse("admin:login")


def attempt(client, username, password, *, url=LOGIN, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN], ids=["accounts", "admin"])
def test_five_failures_lock_the_account_and_even_the_right_password_is_refused(client, officer, settings, url):
    """After AXES_FAILURE_LIMIT wrong passwords the right one no longer signs in: a 429 with a clear message."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "officer", "wrong", url=url).status_code == 200
    response = attempt(client, "officer", "wrong", url=url)
    assert response.status_code == 429
    response = attempt(client, "officer", PASSWORD, url=url)
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert not signed_in(client)


def test_failures_for_one_username_from_many_addresses_lock_that_username(client, officer, partner, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "officer", "wrong", address=f"10.0.1.{number}")
    assert attempt(client, "officer", PASSWORD, address="10.0.2.1").status_code == 429
    # Another account, from a fresh address, is unaffected.
    response = attempt(client, "partner", PASSWORD, address="10.0.2.2")
    assert response.status_code == 302 and signed_in(client)


def test_failures_from_one_address_for_many_usernames_lock_that_address(client, partner, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{number}", "wrong", address="10.0.3.1")
    assert attempt(client, "partner", PASSWORD, address="10.0.3.1").status_code == 429
    response = attempt(client, "partner", PASSWORD, address="10.0.3.2")
    assert response.status_code == 302 and signed_in(client)


def test_an_officer_unlocks_an_account_in_the_admin(client, officer, partner, settings):
    """Officers (Democratic services) see the access attempts and delete one to unlock early."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "partner", "wrong", address=f"10.0.4.{number}")
    assert attempt(client, "partner", PASSWORD, address="10.0.5.1").status_code == 429

    client.force_login(officer)
    changelist = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "partner" in changelist.content.decode()
    attempts = list(AccessAttempt.objects.filter(username="partner").values_list("pk", flat=True))
    response = client.post(reverse("admin:axes_accessattempt_changelist"), {
        "action": "delete_selected", "_selected_action": attempts, "post": "yes",
    })
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="partner").exists()
    client.logout()

    assert attempt(client, "partner", PASSWORD, address="10.0.5.1").status_code == 302


def test_officers_land_at_the_admin_partners_at_home_and_next_wins(client, officer, partner):
    assert attempt(client, "officer", PASSWORD)["Location"] == reverse("admin:index")
    client.logout()
    assert attempt(client, "partner", PASSWORD)["Location"] == "/"
    client.logout()
    response = client.post(f"{LOGIN}?next=/resolutions/", {"username": "partner", "password": PASSWORD, "next": "/resolutions/"})
    assert response["Location"] == "/resolutions/"
    client.logout()
    response = client.post(LOGIN, {"username": "partner", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_password_reset_by_email_then_sign_in_with_the_new_password(client, partner):
    partner.email = "partner@example.org"
    partner.save()
    assert client.get(LOGIN).content.decode().count(reverse("password_reset")) == 1

    response = client.post(reverse("password_reset"), {"email": "partner@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert client.get(response["Location"]).status_code == 200
    (message,) = mail.outbox
    assert message.to == ["partner@example.org"] and "partner" in message.body
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+)", message.body).group(1)

    form = client.get(link, follow=True)  # Django swaps the token for a session and redirects
    assert "Choose a new password" in form.content.decode()
    response = client.post(form.redirect_chain[-1][0], {
        "new_password1": "another-long-password-42", "new_password2": "another-long-password-42",
    })
    assert response["Location"] == reverse("password_reset_complete")
    assert attempt(client, "partner", "another-long-password-42").status_code == 302


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client, partner):
    """Whether an address has an account is not revealed."""
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_behind_a_proxy_the_lockout_counts_the_forwarded_client_not_the_proxy(client, partner, settings):
    """With one trusted proxy, failures from one client do not lock another client behind the same proxy,
    and a client cannot dodge the count by forging an earlier X-Forwarded-For entry."""
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": f"guess{number}", "password": "wrong"}, REMOTE_ADDR="10.9.9.9",
                    HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 203.0.113.5")
    locked = client.post(LOGIN, {"username": "partner", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9",
                         HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    other = client.post(LOGIN, {"username": "partner", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9",
                        HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302 and signed_in(client)
