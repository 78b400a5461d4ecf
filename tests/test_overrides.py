"""Copied theme partials stay equal to the installed theme's files, except the lines marked « CTG ».

A copy silently undoes a theme upgrade's changes; this test makes the upgrade fail loudly instead,
naming the partial to carry over.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import material
import pytest

from fixtures import REPO

THEME = Path(material.__file__).parent / "templates"
OVERRIDES = REPO / "overrides"
MARK = re.compile(r"^\s*\{#-?\s*CTG\b.*#\}\s*$")
HEADER = re.compile(r"^\{#-.*?-#\}\n", re.S)  # the file's first comment: Material's notice, or ours


def copied_partials() -> list[Path]:
    """Overrides that copy a file of the theme to change a few lines: their header says « Copie de ».
    (Templates written for the site, such as main.html's blocks or the footer, are not copies.)"""
    return [
        p
        for p in sorted(OVERRIDES.rglob("*.html"))
        if (THEME / p.relative_to(OVERRIDES)).exists() and "Copie de" in p.read_text(encoding="utf-8")[:300]
    ]


def unmarked_differences(copy: str, original: str) -> list[str]:
    lines, marked = [], set()
    for line in HEADER.sub("", copy, count=1).splitlines():
        if MARK.match(line):
            marked.add(len(lines))  # the next line is a deliberate change
        else:
            lines.append(line)
    theirs = HEADER.sub("", original, count=1).splitlines()
    problems = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, lines, theirs, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        changed = set(range(i1, i2))
        if tag == "delete" or not changed or not changed <= marked:
            problems.append(f"{tag} : copie {lines[i1:i2]} / thème {theirs[j1:j2]}")
    return problems


def test_some_partials_are_copied():
    assert {p.name for p in copied_partials()} >= {"nav-item.html", "header.html"}


@pytest.mark.parametrize("partial", copied_partials(), ids=lambda p: p.relative_to(OVERRIDES).as_posix())
def test_copied_partial_differs_from_the_theme_only_where_marked(partial):
    original = (THEME / partial.relative_to(OVERRIDES)).read_text(encoding="utf-8")
    problems = unmarked_differences(partial.read_text(encoding="utf-8"), original)
    assert not problems, (
        f"{partial.relative_to(REPO)} ne suit plus {THEME.relative_to(THEME.parent.parent)} : reportez la nouvelle version "
        "du thème et gardez seulement les lignes marquées « CTG »\n" + "\n".join(problems)
    )


def test_the_drift_check_catches_an_unmarked_change():
    original = "{#-\n  notice\n-#}\n<div>\n  <p>un</p>\n</div>\n"
    marked = "{#-\n  copie\n-#}\n<div>\n  {#- CTG : raison -#}\n  <p>deux</p>\n</div>\n"
    assert unmarked_differences(marked, original) == []
    assert unmarked_differences(marked.replace("  {#- CTG : raison -#}\n", ""), original)
    assert unmarked_differences("{#-\n  copie\n-#}\n<div>\n</div>\n", original)  # a line lost in the copy
    assert unmarked_differences(original + "<p>ajout du thème</p>\n", original + "<p>nouveau</p>\n")
