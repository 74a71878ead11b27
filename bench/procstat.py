"""Server CPU from /proc: user + system time of a process and all its descendants."""

import os
from pathlib import Path

PROC = Path("/proc")


def parse_stat(text: str) -> tuple[int, int, int]:
    """(pid, parent pid, utime + stime in clock ticks) from one /proc/<pid>/stat line.

    The command name sits in parentheses and may itself hold spaces or parentheses, so the
    fields are counted from the last ")": state is field 3, ppid 4, utime 14, stime 15.
    """
    head, _, tail = text.rpartition(")")
    pid = int(head.split("(", 1)[0])
    fields = tail.split()
    return pid, int(fields[1]), int(fields[11]) + int(fields[12])


def read_all(proc: Path = PROC) -> dict[int, tuple[int, int]]:
    """{pid: (ppid, ticks)} for every process that can be read now."""
    table = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            pid, ppid, ticks = parse_stat((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        table[pid] = (ppid, ticks)
    return table


def tree_ticks(root: int, table: dict[int, tuple[int, int]]) -> int:
    """Clock ticks used by ``root`` and every process below it in ``table``."""
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in table:
            total += table[pid][1]
        stack.extend(children.get(pid, ()))
    return total


def cpu_seconds(root: int) -> float:
    """CPU seconds used so far by the process tree under ``root`` (still running)."""
    return tree_ticks(root, read_all()) / os.sysconf("SC_CLK_TCK")
