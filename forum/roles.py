"""
The staff roles and their permissions, applied by migrations.

A migration calls ``sync_roles`` (see forum/migrations/0003_roles.py); when a model or a
permission is added later, a new migration calls it again, so the groups never need to
be set up by hand and every database ends up with the same ones.
"""

CONTENT = {
    "forum": [
        "organisation",
        "person",
        "session",
        "participation",
        "committee",
        "committeemember",
        "secretariat",
    ],
    "documents": [
        "document",
        "address",
        "declaration",
        "initiative",
        "progressnote",
        "attachment",
    ],
}
PUBLISHABLE = {"forum": ["session", "committee"], "documents": ["document", "initiative"]}
TRANSLATABLE = {
    "forum": ["organisation", "person", "session", "committee"],
    "documents": ["document", "initiative"],
}


def _codenames(models, *actions):
    return [
        (app, f"{action}_{model}")
        for app, names in models.items()
        for model in names
        for action in actions
    ]


ROLES = {
    # Creates and edits drafts, sends them for review; cannot publish.
    "Editor": _codenames(CONTENT, "view", "add", "change", "delete"),
    # Edits the language versions of existing items; cannot add, publish or delete.
    "Translator": _codenames(CONTENT, "view") + _codenames(TRANSLATABLE, "translate"),
    # Reviews, publishes, schedules and withdraws.
    "Publisher": _codenames(CONTENT, "view", "change") + _codenames(PUBLISHABLE, "publish"),
}


def sync_roles(apps, schema_editor=None):
    """Create the groups and give each exactly its permissions."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, apps=apps, verbosity=0)
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app_label, codename in codenames:
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
