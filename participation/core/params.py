"""Reading query and form parameters: the one way every view takes a value from ``request.GET``
or ``request.POST`` that no form cleans.

A parameter is whatever a visitor typed, so a bad one means "no filter", never an error:
- numbers are ASCII digits only, within bounds (``str.isdigit()`` accepts "²" and "①", which
  ``int()`` refuses, and ``int()`` accepts "٣" and " 1", which no link of ours writes);
- text has NUL removed (PostgreSQL refuses NUL in a string: a psycopg ``DataError``, a 500) and
  is trimmed and cut to a length.
"""

import re

from django.http import QueryDict

ASCII_NUMBER = re.compile(r"[0-9]{1,18}")
MAX_ID = 2**31 - 1  # PostgreSQL's integer, the type of every id here
YEARS = (1900, 2100)


def parse_int(value, minimum=0, maximum=MAX_ID):
    """``value`` as an int when it is ASCII digits within ``minimum``..``maximum``, else None."""
    if not isinstance(value, str) or not ASCII_NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def int_param(data, name, minimum=0, maximum=MAX_ID):
    """The integer parameter ``name`` of ``data`` (``request.GET`` or ``request.POST``), or
    None when it is missing, not ASCII digits or out of bounds."""
    return parse_int(data.get(name), minimum, maximum)


def year_param(data, name):
    return int_param(data, name, *YEARS)


def ids_param(data, name):
    """Every id given as ``name`` (checkboxes), the bad ones left out."""
    ids = (parse_int(value, minimum=1) for value in data.getlist(name))
    return [pk for pk in ids if pk is not None]


def clean_text(value, max_length=200):
    return str(value).replace("\x00", "").strip()[:max_length]


def text_param(data, name, max_length=200):
    """The text parameter ``name`` of ``data``: NUL removed, trimmed, at most ``max_length``."""
    return clean_text(data.get(name, ""), max_length)


def without_nul(data: QueryDict) -> QueryDict:
    """A copy of ``data`` with NUL removed from every value, for views that read the whole
    query string themselves (the admin's record lists and their filters)."""
    cleaned = QueryDict(mutable=True)
    for name, values in data.lists():
        cleaned.setlist(name.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned
