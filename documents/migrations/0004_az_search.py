"""
Azerbaijani indexed folded (az_fold, migration core 0002), and symbols found by their start.

A generated column's expression cannot be altered in place: the two search columns are
dropped and added again (PostgreSQL computes them for every row), with the GIN index.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.db import migrations, models


def vector(expression):
    return models.GeneratedField(
        db_persist=True,
        expression=expression,
        output_field=django.contrib.postgres.search.SearchVectorField(null=True),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_az_fold"),
        ("documents", "0003_updated_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="document", name="documents_document_search_gin"),
        migrations.RemoveField(model_name="document", name="search_vector"),
        migrations.RemoveField(model_name="document", name="search_head"),
        migrations.AddField(
            model_name="document",
            name="search_vector",
            field=vector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('symbol', config='simple', weight='A'), '||', django.contrib.postgres.search.SearchVector(models.Func(models.F('title_az'), function='az_fold', output_field=models.TextField()), config='simple', weight='A'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.Func(models.F('summary_az'), function='az_fold', output_field=models.TextField()), config='simple', weight='B'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.Func(models.F('body_az'), function='az_fold', output_field=models.TextField()), config='simple', weight='C'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.F('title_en'), config='english', weight='A'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.F('summary_en'), config='english', weight='B'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.F('body_en'), config='english', weight='C'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.F('title_ru'), config='russian', weight='A'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.F('summary_ru'), config='russian', weight='B'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.F('body_ru'), config='russian', weight='C'), django.contrib.postgres.search.SearchConfig('simple'))),
        ),
        migrations.AddField(
            model_name="document",
            name="search_head",
            field=vector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('symbol', config='simple', weight='A'), '||', django.contrib.postgres.search.SearchVector(models.Func(models.F('title_az'), function='az_fold', output_field=models.TextField()), config='simple', weight='A'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.Func(models.F('summary_az'), function='az_fold', output_field=models.TextField()), config='simple', weight='B'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.F('title_en'), config='english', weight='A'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.F('summary_en'), config='english', weight='B'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.F('title_ru'), config='russian', weight='A'), django.contrib.postgres.search.SearchConfig('simple')), '||', django.contrib.postgres.search.SearchVector(models.F('summary_ru'), config='russian', weight='B'), django.contrib.postgres.search.SearchConfig('simple'))),
        ),
        migrations.AddIndex(
            model_name="document",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="documents_document_search_gin"
            ),
        ),
        # As in 0001: the small ranking vector stays in the row.
        migrations.RunSQL(
            "ALTER TABLE documents_document ALTER COLUMN search_head SET STORAGE MAIN",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("symbol"), name="text_pattern_ops"
                ),
                name="documents_symbol_idx",
            ),
        ),
    ]
