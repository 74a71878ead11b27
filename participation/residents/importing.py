"""Importing buildings and units from a CSV file: every row checked, all or nothing."""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from participation.residents.models import Building, Unit, default_community_id

# Accepted header names for each column, Chinese or English.
COLUMNS = {
    "building": ("楼号", "building"),
    "unit": ("户号", "unit"),
    "block": ("片区", "block"),
    "name": ("名称", "name"),
}
REQUIRED = ("building", "unit")
LIMITS = {"building": 20, "unit": 30, "block": 50, "name": 100}
MAX_ROWS = 20_000


class ImportError_(Exception):
    """The file was refused; ``errors`` lists every problem with its line number."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    buildings_created: int = 0
    units_created: int = 0
    units_existing: int = 0
    errors: list = field(default_factory=list)


def _header_map(header: list[str]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in header]
    found = {}
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if alias.lower() in names:
                found[key] = names.index(alias.lower())
    return found


def parse_units_csv(text: str) -> list[dict]:
    """The rows as dicts, or ImportError_ listing every bad row."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ImportError_([_("文件是空的。")])
    columns = _header_map(header)
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in columns]
    if missing:
        raise ImportError_([_("第 1 行：缺少列：%s。") % "、".join(missing)])
    rows, errors, seen, blocks = [], [], set(), {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportError_([_("行数太多：一次最多 %d 行。") % MAX_ROWS])
        row = {key: (cells[i].strip() if i < len(cells) else "") for key, i in columns.items()}
        errors += _row_errors(line, row, seen, blocks)
        rows.append(row)
    if errors:
        raise ImportError_(errors)
    if not rows:
        raise ImportError_([_("文件里没有数据行。")])
    return rows


def _row_errors(line, row, seen, blocks) -> list[str]:
    errors = []
    for key in REQUIRED:
        if not row.get(key):
            errors.append(
                _("第 %(line)d 行：“%(col)s”不能为空。") % {"line": line, "col": COLUMNS[key][0]}
            )
    for key, limit in LIMITS.items():
        if len(row.get(key, "")) > limit:
            errors.append(
                _("第 %(line)d 行：“%(col)s”最多 %(limit)d 个字。")
                % {"line": line, "col": COLUMNS[key][0], "limit": limit}
            )
    key = (row.get("building"), row.get("unit"))
    if all(key) and key in seen:
        errors.append(
            _("第 %(line)d 行：%(b)s栋 %(u)s 重复。") % {"line": line, "b": key[0], "u": key[1]}
        )
    seen.add(key)
    block = row.get("block", "")
    if block and blocks.setdefault(row.get("building"), block) != block:
        errors.append(
            _("第 %(line)d 行：%(b)s栋的片区与前面的行不一致。") % {"line": line, "b": key[0]}
        )
    return errors


@transaction.atomic
def import_units(text: str, community_id: int | None = None) -> ImportResult:
    """Create the buildings and units named in the CSV ``text`` in the community
    ``community_id`` (default: the default site); existing ones are kept.

    Nothing is written unless every row is valid.
    """
    community_id = community_id or default_community_id()
    rows = parse_units_csv(text)
    result = ImportResult()
    buildings = {}
    for row in rows:
        number = row["building"]
        if number not in buildings:
            defaults = {"block": row.get("block", ""), "name": row.get("name", "")}
            buildings[number], created = Building.objects.get_or_create(
                community_id=community_id, number=number, defaults=defaults
            )
            result.buildings_created += created
        _unit, created = Unit.objects.get_or_create(building=buildings[number], number=row["unit"])
        if created:
            result.units_created += 1
        else:
            result.units_existing += 1
    return result
