"""forum/core/reversing.py: reverse(), remembered, gives what Django's gives."""

import pytest
from django.urls import NoReverseMatch, set_script_prefix
from django.urls import reverse as django_reverse
from django.utils import translation

from forum.core.reversing import reverse


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_the_remembered_address_is_django_s_in_each_language(language):
    with translation.override(language):
        for _ in range(2):  # computed, then remembered
            assert reverse("forum:session", kwargs={"number": 3}) == f"/{language}/sessions/3/"
            assert reverse("documents:detail", kwargs={"slug": "x"}) == django_reverse(
                "documents:detail", kwargs={"slug": "x"}
            )


def test_a_script_prefix_is_part_of_what_is_remembered():
    assert reverse("forum:sessions") == "/en/sessions/"
    set_script_prefix("/portal/")
    try:
        assert reverse("forum:sessions") == "/portal/en/sessions/"
    finally:
        set_script_prefix("/")
    assert reverse("forum:sessions") == "/en/sessions/"


def test_arguments_that_cannot_be_remembered_are_handed_to_django():
    # A list cannot be a key of the memory: Django's reverse answers, here refusing it.
    with pytest.raises(NoReverseMatch):
        reverse("forum:session", kwargs={"number": [3]})


def test_a_changed_urlconf_is_not_answered_from_memory(settings):
    assert reverse("forum:sessions") == "/en/sessions/"
    settings.ROOT_URLCONF = "tests.forum.urls_elsewhere"
    assert reverse("forum:sessions") == "/en/elsewhere/sessions/"
