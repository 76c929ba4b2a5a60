"""The project's settings with a fourth language, as the README's "Adding a language" has it
(tests/test_languages.py reads the per-language lists in a process of their own)."""

from forum.project.settings import *  # noqa: F403
from forum.project.settings import LANGUAGES

LANGUAGES = [*LANGUAGES, ("tr", "Türkçe")]
