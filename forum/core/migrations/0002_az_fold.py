"""
az_fold(): Azerbaijani text lowered and folded for full-text search, as
forum.core.textsearch.az_fold() does it in Python (a test holds the two together, and asks
for a new migration when the rules change).
"""

from django.db import migrations

AZ_FOLD_SQL = r"""
CREATE OR REPLACE FUNCTION az_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(regexp_replace(translate(lower(translate(value, 'İIƏÖÜŞÇĞ', 'iıəöüşçğ')), 'əıöüşçğ', 'eiouscg'), 'l([iu])y(?=(?=[aeiu])(?:lar|ler)?(?:s?[iu](?:n(?:in|un|a|e|i|u|d[ae](?:n|ki)?))?|(?:[iu][mn]|[iu]?[mn][iu]z)(?:in|un|a|e|i|u|d[ae](?:n|ki)?|l[ae])?|n?in|n?un|y?a|y?e|n?i|n?u|d[ae](?:n|ki)?|y?l[ae])?(?:d[iu]r)?(?![a-z]))', 'l\1k', 'g'), 'l([iu])g(?=(?=[aeiu])(?:lar|ler)?(?:s?[iu](?:n(?:in|un|a|e|i|u|d[ae](?:n|ki)?))?|(?:[iu][mn]|[iu]?[mn][iu]z)(?:in|un|a|e|i|u|d[ae](?:n|ki)?|l[ae])?|n?in|n?un|y?a|y?e|n?i|n?u|d[ae](?:n|ki)?|y?l[ae])?(?:d[iu]r)?(?![a-z]))', 'l\1q', 'g');
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunSQL(AZ_FOLD_SQL, reverse_sql="DROP FUNCTION IF EXISTS az_fold(text)"),
    ]
