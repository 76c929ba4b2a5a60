"""
name_key(): a word's key across scripts and transliterations (Əliyev, Aliyev, Алиев →
aliev), as forum.core.textsearch.NAME_KEY_SQL writes it (a test asks for a new migration
when the rules change).
"""

from django.db import migrations

NAME_KEY_SQL = r"""
CREATE OR REPLACE FUNCTION name_key(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(regexp_replace(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(translate(lower(translate(value, 'İIƏÖÜŞÇĞ', 'iıəöüşçğ')), 'абвгдеёжзийклмнопрстуфхцчшщыэюяəıöüşçğqxwъь', 'abvgdeejziyklmnoprstufhccssieuaaiouscgghv'), 'kh', 'h'), 'sh', 's'), 'ch', 'c'), 'zh', 'j'), 'gh', 'g'), 'ts', 'c'), 'ph', 'f'), 'dj', 'j'), '([aeiou])j([aeiou])', '\1\2', 'g'), 'y([aeiou])', '\1', 'g'), '(.)\1+', '\1', 'g');
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0002_az_fold")]

    operations = [
        migrations.RunSQL(NAME_KEY_SQL, reverse_sql="DROP FUNCTION IF EXISTS name_key(text)"),
    ]
