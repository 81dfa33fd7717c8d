"""The language of the programme's content (templates, questions, suggestions)."""

from django.utils.translation import get_language

CONTENT_LANGUAGES = ("nb", "nn")


def content_language() -> str:
    """Template content exists in nb and nn; English pages show it in bokmål."""
    language = get_language()
    return language if language in CONTENT_LANGUAGES else "nb"
