"""An original language may be left blank: no source says which text is the original,
and the site then claims none (the state of the schema only; no column changes)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_search_words"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="original_language",
            field=models.CharField(
                blank=True,
                choices=[("az", "Azerbaijani"), ("en", "English"), ("ru", "Russian")],
                default="en",
                help_text=(
                    "Shown, with a note, where a translation is missing. Leave it empty where "
                    "no source says which text is the original."
                ),
                max_length=8,
                verbose_name="original language",
            ),
        ),
        migrations.AlterField(
            model_name="initiative",
            name="original_language",
            field=models.CharField(
                blank=True,
                choices=[("az", "Azerbaijani"), ("en", "English"), ("ru", "Russian")],
                default="en",
                help_text=(
                    "Shown, with a note, where a translation is missing. Leave it empty where "
                    "no source says which text is the original."
                ),
                max_length=8,
                verbose_name="original language",
            ),
        ),
    ]
