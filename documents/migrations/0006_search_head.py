"""
A small vector of the symbol, titles and summaries, which search results are ranked by.
On PostgreSQL it is kept in the row (storage MAIN): the full vector is stored out of line,
and ranking a thousand matches by it read each one back (18 of 20 ms at 100,000 documents).
"""

import django.contrib.postgres.search
from django.db import migrations, models

import documents.search


def keep_in_row(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE documents_document ALTER COLUMN search_head SET STORAGE MAIN"
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_listing_indexes")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_head",
            field=models.GeneratedField(
                db_persist=True,
                expression=documents.search.DocumentHeadVector(),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.RunPython(keep_in_row, migrations.RunPython.noop, elidable=False),
    ]
