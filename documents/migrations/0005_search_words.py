"""
The lexicon of the documents' words (documents.SearchWord), kept by the database: after
each statement that inserts or updates documents, whatever sent it, the words of the rows
it wrote are added (in one order, so that two statements never wait for each other).
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# The titles, summaries and texts of every language version (any column named so, so
# that a language added later is read too); tags and entities are not words to the parser.
WORDS = """
    SELECT DISTINCT word
    FROM {rows} AS document,
        LATERAL (
            SELECT string_agg(value, ' ') AS text FROM jsonb_each_text(to_jsonb(document))
            WHERE key ~ '^(title|summary|body)_[a-z_]+$'
        ) AS texts,
        unnest(tsvector_to_array(to_tsvector('simple', texts.text))) AS word
    WHERE char_length(word) BETWEEN 3 AND 64 AND word ~ '^[[:alpha:]]+$'
    ORDER BY word
"""
ADD = f"""
CREATE FUNCTION documents_searchword_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO documents_searchword (word) {WORDS.format(rows="new_rows")}
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER documents_searchword_inserted AFTER INSERT ON documents_document
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION documents_searchword_add();
CREATE TRIGGER documents_searchword_updated AFTER UPDATE ON documents_document
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION documents_searchword_add();
-- The documents already stored, the triggers in place (the table is locked till commit).
INSERT INTO documents_searchword (word) {WORDS.format(rows="documents_document")}
ON CONFLICT DO NOTHING;
"""
DROP = """
DROP TRIGGER documents_searchword_inserted ON documents_document;
DROP TRIGGER documents_searchword_updated ON documents_document;
DROP FUNCTION documents_searchword_add();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_name_key"),
        ("documents", "0004_az_search"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=64, primary_key=True, serialize=False)),
                (
                    "key",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("word"), function="name_key", output_field=models.TextField()
                        ),
                        output_field=models.TextField(db_collation="C"),
                    ),
                ),
                (
                    "folded",
                    models.GeneratedField(
                        db_persist=True,
                        expression=models.Func(
                            models.F("word"), function="az_fold", output_field=models.TextField()
                        ),
                        output_field=models.TextField(),
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["key"], name="documents_searchword_key_idx"),
                    django.contrib.postgres.indexes.GistIndex(
                        fields=["folded"], name="documents_searchword_trgm", opclasses=["gist_trgm_ops"]
                    ),
                ],
            },
        ),
        migrations.RunSQL(ADD, DROP),
    ]
