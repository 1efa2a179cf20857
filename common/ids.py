"""Record ids in addresses: plain digits, at most 18 of them.

Anything else in an id's place is not an address of ours (404): a word, a sign, digits
of another script, or a number too large for the database's ids (which would otherwise
fail inside the database driver). Pages use ``<id:pk>``; the API's routers use
``ID_PATTERN``.
"""

from django.urls import register_converter

ID_PATTERN = "[0-9]{1,18}"
MAX_ID = 10**18 - 1
UUID_PATTERN = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


class IdConverter:
    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
