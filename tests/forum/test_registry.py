"""Registering a content type is all it takes: every registered model, whichever it is,
gets its roles, cache invalidation, export and import, the translation report and the
missing-language column. Nothing here names a model."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save

from forum.core import cache, registry
from forum.core.portable import MODELS as EXPORTED
from forum.core.translation_report import reported_models

pytestmark = pytest.mark.django_db
CONTENT = registry.models()


def codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_there_is_content_to_check():
    assert len(CONTENT) >= 10
    assert registry.publishable() and registry.translatable()


@pytest.mark.parametrize("model", CONTENT, ids=lambda m: m._meta.label)
def test_roles_cover_it(model):
    name = model._meta.model_name
    editor, translator, publisher = (codenames(r) for r in ("Editor", "Translator", "Publisher"))
    assert {f"{action}_{name}" for action in ("view", "add", "change", "delete")} <= editor
    assert f"view_{name}" in translator and f"view_{name}" in publisher
    assert (f"publish_{name}" in publisher) == (model in registry.publishable())
    assert (f"translate_{name}" in translator) == (model in registry.translatable())
    assert not any(c.startswith(("publish_", "add_", "delete_")) for c in translator)
    assert not any(c.startswith("publish_") for c in editor)


@pytest.mark.parametrize("model", CONTENT, ids=lambda m: m._meta.label)
def test_its_changes_reach_the_page_cache(model):
    for signal in (post_save, post_delete):
        sync_receivers, _async_receivers = signal._live_receivers(model)
        assert cache.content_changed in sync_receivers, signal


@pytest.mark.parametrize("model", CONTENT, ids=lambda m: m._meta.label)
def test_it_is_exported_and_imported(model):
    assert model in EXPORTED


@pytest.mark.parametrize("model", CONTENT, ids=lambda m: m._meta.label)
def test_its_admin_shows_what_is_missing(model):
    if model not in admin.site._registry:
        pytest.skip("edited inline, under the item it belongs to")
    if model in registry.translatable():
        assert model in reported_models()
        assert "missing_languages" in admin.site._registry[model].list_display
