"""Path converters with bounds, registered once (CoreConfig.ready). Django's `int` and
`str` let through ids beyond the database's bigint and text with NUL bytes, which
PostgreSQL refuses with an error (a 500); these make such a path match no URL (a 404)."""

from django.urls import register_converter

from core.parse import MAX_ID


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("beyond bigint")  # Django reads a ValueError here as no match
        return number

    def to_url(self, value) -> str:
        return str(value)


class OrgnrConverter:
    """Nine ASCII digits: a full-width or superscript spelling is not a second orgnr."""

    regex = "[0-9]{9}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class TokenConverter:
    """A URL-safe token (secrets.token_urlsafe), bounded."""

    regex = "[A-Za-z0-9_-]{1,100}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
    register_converter(OrgnrConverter, "orgnr")
    register_converter(TokenConverter, "token")
