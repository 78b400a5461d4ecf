"""Last change date of each file, read once from git history (one command for the whole site)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changes(repo: Path, folders: tuple[str, ...] = ("content", "docs")) -> dict[str, str]:
    """Map « content/fiches/fiche-01.yaml » → « 2026-11-30 » (date of the last commit touching it).

    Empty when git or the history is unavailable (a tarball, a scaled benchmark copy).
    """
    try:
        output = subprocess.run(
            ["git", "-C", str(repo), "log", "--format=@%cs", "--name-only", "--", *folders],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in output.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line and current:
            dates.setdefault(line, current)  # newest commit comes first
    return dates


def page_date(dates: dict[str, str], files: list[str]) -> str | None:
    found = [dates[f] for f in files if f in dates]
    return max(found) if found else None
