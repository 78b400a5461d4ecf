"""Compare transcribed YAML with the OCR source: same words, same numbers, once OCR faults are undone."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ctg.yamlsource import read_yaml

# OCR faults seen in the source, undone before comparing (the transcription fixes them too).
OCR_FIXES = [
    (re.compile(r"(?<![A-Za-z])[I|](?=['’])"), "l"),
    (re.compile(r"ceuvre"), "oeuvre"),
    (re.compile(r"cceur|coeur"), "coeur"),
    (re.compile(r"\bler\b"), "1er"),
    (re.compile(r"\blere\b|\blére\b"), "1ere"),
]


def fold(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("’", "'")
    for pattern, replacement in OCR_FIXES:
        text = pattern.sub(replacement, text)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def words(text: str, min_length: int = 6) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", fold(text)) if len(w) >= min_length}


def numbers(text: str) -> set[str]:
    # « 2 895 », « 50,5 », « 31/12/2023 » → « 2895 », « 50,5 », « 31 », « 12 », « 2023 »
    folded = re.sub(r"(?<=\d)[ \u202f\u00a0](?=\d{3}\b)", "", fold(text))
    return set(re.findall(r"\d+(?:[,.]\d+)?", folded))


def source_lines(path: Path, first: int, last: int) -> str:
    with path.open(encoding="utf-8") as handle:
        return "".join(line for index, line in enumerate(handle, start=1) if first <= index <= last)


def yaml_text(path: Path) -> str:
    """Every scalar of a YAML file, keys excluded, read as the site reads it (the project's reader:
    « 06250 » stays « 06250 », « non » stays « non »)."""
    document, problems = read_yaml(path, str(path))
    assert document is not None, [p.human() for p in problems]
    data = document.data

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)
        elif node is not None:
            yield str(node)

    return "\n".join(walk(data))
