"""
Releases without downtime: every migration keeps the previous release's code working.

``migrate`` runs while the previous release still serves; the app servers then restart
onto the new code one at a time (README, "Releases without downtime"). Each migration of
the project's apps goes through the check of ``tests/migration_rules.py``
(django-migration-linter's analyser over the SQL of each operation, and a review of raw
SQL and Python); what it finds fails this test unless it is listed in ``REVIEWED`` with
the reason why the previous code survives it, or why it went out before this rule.

    .venv/bin/pytest tests/test_migrations_release.py -q

The check is tried on migrations written to break the rule, so that it is known to fail.
"""

import datetime
import shutil
import sys
import textwrap
from importlib import invalidate_caches
from pathlib import Path

import pytest
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState

from tests.migration_rules import release_problems

pytestmark = pytest.mark.django_db

# The labels of the project's apps (forum/core/apps.py, forum/apps.py, documents/apps.py).
APPS = ("core", "forum", "documents")

# Migrations that the check finds something in, reviewed: {(app label, name): (the
# problem codes accepted, why)}. Only those codes are accepted: anything else the check
# finds in a listed migration still fails. A contract step (the column dropped a release
# after the code stopped using it) is listed here too, naming the release that stopped.
REVIEWED = {
    # Released before this rule existed.
    ("core", "0001_initial"): (
        {"RUN_PYTHON"},
        "initial: the Python creates the one ContentVersion row in the table it creates",
    ),
    ("core", "0002_az_fold"): (
        {"RUN_SQL"},
        "creates the function az_fold(); no code before it calls it",
    ),
    ("core", "0003_name_key"): (
        {"RUN_SQL"},
        "creates the function name_key(); no code before it calls it",
    ),
    ("documents", "0001_initial"): (
        {"RUN_SQL"},
        "initial: the SQL sets the storage of a column of the table it creates",
    ),
    ("documents", "0002_published_counts"): (
        {"RUN_SQL"},
        "triggers that count the published documents into a table this migration "
        "creates; the previous code's writes pass through them unchanged",
    ),
    ("documents", "0004_az_search"): (
        {"RUN_SQL"},
        "the search columns, generated, are dropped and added again in one transaction "
        "(accepted by the check); the SQL keeps the new search_head in the row, as 0001 "
        "did. The table is locked while PostgreSQL computes the columns for every row",
    ),
    ("documents", "0005_search_words"): (
        {"RUN_SQL"},
        "triggers that add the documents' words to a table this migration creates; the "
        "previous code's writes pass through them unchanged",
    ),
    ("documents", "0007_open_data"): (
        {"NOT_NULL", "RUN_SQL", "RUN_PYTHON"},
        "NOT_NULL is a real break, accepted because it went out before this rule: "
        "Attachment.sha256 is NOT NULL without a database default, so the previous code's "
        "new attachments fail between migrate and its restart (db_default='' would have "
        "spared them). The SQL adds a "
        "trigger keeping the old symbols in a table created here; the Python fills in the "
        "checksums of the stored files",
    ),
}


def project_migrations(loader):
    """Each migration of the project's apps, in the order ``migrate`` applies them on an
    empty database, with the project state just before it."""
    plan = []
    for leaf in loader.graph.leaf_nodes():
        for node in loader.graph.forwards_plan(leaf):
            if node not in plan:
                plan.append(node)
    state = ProjectState(real_apps=loader.unmigrated_apps)
    for node in plan:
        migration = loader.graph.nodes[node]
        if migration.app_label in APPS:
            yield migration, state
        state = migration.mutate_state(state, preserve=True)


def unreviewed(loader):
    """{"app.name": [what the check found and no review accepts]} over the project."""
    found = {}
    for migration, state in project_migrations(loader):
        accepted, _why = REVIEWED.get((migration.app_label, migration.name), (set(), ""))
        problems = [p for p in release_problems(migration, state) if p.code not in accepted]
        if problems:
            found[f"{migration.app_label}.{migration.name}"] = [str(p) for p in problems]
    return found


def report(found):
    lines = []
    for name, problems in found.items():
        lines.append(name)
        lines.extend(f"    {problem}" for problem in problems)
    return "\n".join(lines)


def test_every_migration_keeps_the_previous_release_working():
    found = unreviewed(MigrationLoader(connection))
    assert not found, (
        "These migrations may break the code of the release before them, which still "
        "serves while they run. Split them over two releases (README, 'Releases without "
        "downtime'), or, reviewed and found safe, list them in REVIEWED with the reason:\n"
        + report(found)
    )


def test_each_review_matches_what_the_check_finds():
    """A review lists what the check finds in its migration, no more: an entry left over
    from a migration renamed, squashed or found clean would accept nothing and mislead."""
    loader = MigrationLoader(connection)
    found = {
        (migration.app_label, migration.name): {p.code for p in release_problems(migration, state)}
        for migration, state in project_migrations(loader)
    }
    stale = {
        key: sorted(codes - found.get(key, set()))
        for key, (codes, _why) in REVIEWED.items()
        if codes - found.get(key, set())
    }
    assert not stale, f"Accepted in REVIEWED but not found by the check: {stale}"


# The check tried on migrations of its own, appended after the project's last ones.


def codes_found(*operations, app_label="documents"):
    migration = migrations.Migration("9999_trial", app_label)
    migration.operations = list(operations)
    state = MigrationLoader(connection).project_state()
    return {problem.code for problem in release_problems(migration, state)}


def add_field(name, field, model="attachment"):
    return migrations.AddField(model_name=model, name=name, field=field)


def copy_symbols(apps, schema_editor):
    pass


@pytest.mark.parametrize(
    ("operation", "code"),
    [
        # A column the previous code reads and writes.
        pytest.param(
            migrations.RemoveField(model_name="attachment", name="sha256"),
            "DROP_COLUMN",
            id="remove-field",
        ),
        # Dropped by hand, or from the database only: still dropped.
        pytest.param(
            migrations.RunSQL("ALTER TABLE documents_attachment DROP COLUMN sha256"),
            "DROP_COLUMN",
            id="drop-column-in-sql",
        ),
        pytest.param(
            migrations.SeparateDatabaseAndState(
                database_operations=[
                    migrations.RemoveField(model_name="attachment", name="sha256")
                ],
                state_operations=[migrations.RemoveField(model_name="attachment", name="sha256")],
            ),
            "DROP_COLUMN",
            id="remove-field-from-the-database",
        ),
        # A Python default is the code's, not the database's: the previous code's
        # INSERTs leave the column out, and PostgreSQL refuses the NULL.
        pytest.param(
            add_field("pages", models.PositiveIntegerField(default=0)),
            "NOT_NULL",
            id="add-field-not-null-without-db-default",
        ),
        pytest.param(
            add_field("note", models.CharField(max_length=100, blank=True)),
            "NOT_NULL",
            id="add-charfield-blank-not-null",
        ),
        pytest.param(
            migrations.AlterField(
                model_name="document",
                name="source_date",
                field=models.DateField(default=datetime.date(2000, 1, 1)),
            ),
            "NOT_NULL",
            id="alter-field-to-not-null",
        ),
        pytest.param(
            migrations.RenameField(model_name="attachment", old_name="title", new_name="caption"),
            "RENAME_COLUMN",
            id="rename-field",
        ),
        pytest.param(
            migrations.DeleteModel(name="SymbolRedirect"),
            "DROP_TABLE",
            id="delete-model",
        ),
        pytest.param(
            migrations.RenameModel(old_name="SymbolRedirect", new_name="FormerSymbol"),
            "RENAME_TABLE",
            id="rename-model",
        ),
        # The previous code may write titles longer than the new limit.
        pytest.param(
            migrations.AlterField(
                model_name="attachment",
                name="title",
                field=models.CharField(max_length=100, blank=True),
            ),
            "ALTER_COLUMN",
            id="alter-field-type",
        ),
        # The previous code does not know the rule, and may write duplicates.
        pytest.param(
            migrations.AddConstraint(
                model_name="attachment",
                constraint=models.UniqueConstraint(
                    fields=["document", "language"], name="trial_one_file_per_language"
                ),
            ),
            "ADD_UNIQUE",
            id="add-unique",
        ),
        # The other way round: the new code's INSERTs leave out a column that still
        # needs a value.
        pytest.param(
            migrations.SeparateDatabaseAndState(
                state_operations=[migrations.RemoveField(model_name="attachment", name="sha256")]
            ),
            "NOT_NULL_LEFT_BEHIND",
            id="remove-field-from-the-code-only-while-required",
        ),
        pytest.param(
            migrations.RunPython(copy_symbols, migrations.RunPython.noop),
            "RUN_PYTHON",
            id="run-python",
        ),
        pytest.param(
            migrations.RunSQL("CREATE INDEX trial_idx ON documents_attachment (sha256)"),
            "RUN_SQL",
            id="run-sql",
        ),
    ],
)
def test_a_migration_that_breaks_the_previous_code_is_refused(operation, code):
    assert code in codes_found(operation)


def document_field(name):
    state = MigrationLoader(connection).project_state()
    return state.models["documents", "document"].fields[name].clone()


@pytest.mark.parametrize(
    "operations",
    [
        pytest.param(
            [add_field("pages", models.PositiveIntegerField(null=True, blank=True))],
            id="add-field-nullable",
        ),
        # A required column: the database fills it in for the previous code's INSERTs.
        pytest.param(
            [add_field("pages", models.PositiveIntegerField(db_default=0))],
            id="add-field-with-db-default",
        ),
        pytest.param(
            [add_field("note", models.CharField(max_length=100, blank=True, db_default=""))],
            id="add-charfield-with-db-default",
        ),
        # Release N of dropping a column: the column takes NULLs (the new code's INSERTs
        # leave it out), and the field leaves the code but not the database.
        pytest.param(
            [
                migrations.AlterField(
                    model_name="attachment",
                    name="sha256",
                    field=models.CharField(max_length=64, editable=False, blank=True, null=True),
                ),
                migrations.SeparateDatabaseAndState(
                    state_operations=[
                        migrations.RemoveField(model_name="attachment", name="sha256")
                    ]
                ),
            ],
            id="stop-using-a-column",
        ),
        # Renaming a field, not its column.
        pytest.param(
            [
                migrations.AlterField(
                    model_name="attachment",
                    name="title",
                    field=models.CharField(max_length=200, blank=True, db_column="title"),
                ),
                migrations.RenameField(
                    model_name="attachment", old_name="title", new_name="caption"
                ),
            ],
            id="rename-a-field-keeping-its-column",
        ),
        # A new table may have what it likes: the previous code does not know it.
        pytest.param(
            [
                migrations.CreateModel(
                    name="Trial",
                    fields=[("id", models.BigAutoField(primary_key=True))],
                ),
                migrations.AddField(
                    model_name="trial",
                    name="document",
                    field=models.ForeignKey("documents.document", on_delete=models.CASCADE),
                ),
                migrations.AddField(
                    model_name="trial",
                    name="code",
                    field=models.CharField(max_length=8, unique=True),
                ),
            ],
            id="create-model",
        ),
        # Locks the table while it builds, but breaks nothing (a linter warning).
        pytest.param(
            [
                migrations.AddIndex(
                    model_name="attachment",
                    index=models.Index(fields=["sha256"], name="trial_sha256_idx"),
                )
            ],
            id="add-index",
        ),
    ],
)
def test_a_migration_that_keeps_the_previous_code_working_is_accepted(operations):
    assert codes_found(*operations) == set()


def test_a_generated_column_may_be_dropped_and_added_again():
    """A generated column's expression changes so (README, "Adding a language"): in one
    transaction, so the previous code never sees it missing, and never writes it. Not a
    plain column in its place, which would take writes that the previous code does not
    send, nor a plain column dropped for a generated one."""
    drop_head = migrations.RemoveField(model_name="document", name="search_head")
    head = add_field("search_head", document_field("search_head"), model="document")
    assert codes_found(drop_head, head) == set()

    plain = add_field("search_head", models.TextField(null=True), model="document")
    assert "DROP_COLUMN" in codes_found(drop_head, plain)

    drop_date = migrations.RemoveField(model_name="document", name="source_date")
    generated = add_field("source_date", document_field("search_head"), model="document")
    assert "DROP_COLUMN" in codes_found(drop_date, generated)


def test_a_new_migration_file_is_checked(tmp_path, settings, monkeypatch):
    """The whole check, as the first test runs it, over a copy of the documents' migrations
    with one more file that drops a column: it fails, and names the migration."""
    package = "trial_documents_migrations"
    folder = tmp_path / package
    shutil.copytree(
        Path(settings.BASE_DIR) / "documents" / "migrations",
        folder,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (leaf,) = MigrationLoader(connection).graph.leaf_nodes("documents")
    (folder / "9999_drop_checksum.py").write_text(
        textwrap.dedent(
            f"""
            from django.db import migrations


            class Migration(migrations.Migration):
                dependencies = [{leaf!r}]
                operations = [migrations.RemoveField(model_name="attachment", name="sha256")]
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    settings.MIGRATION_MODULES = {"documents": package}
    try:
        invalidate_caches()
        found = unreviewed(MigrationLoader(connection))
    finally:
        for name in [name for name in sys.modules if name.startswith(package)]:
            del sys.modules[name]

    assert list(found) == ["documents.9999_drop_checksum"]
    (problem,) = found["documents.9999_drop_checksum"]
    assert problem == (
        "operation 1 (Remove field sha256 from attachment): "
        "DROPPING columns (table documents_attachment, column sha256)"
    )
