"""Compare two built sites file by file, dates aside: the check of a refactoring that must not
change the site.

    .venv/bin/mkdocs build -q -d /tmp/site-avant   # on the reference commit
    .venv/bin/mkdocs build -q -d /tmp/site-apres   # after the change
    .venv/bin/python tools/comparer_sites.py /tmp/site-avant /tmp/site-apres

Dates (« 5 décembre 2026 », 2026-12-05, 2026-12-05T07:40:22…) are replaced by a marker before
comparing text files; any other difference is listed and the exit status is 1.

The search index (pagefind/) is deterministic, but its files are compressed and named by a hash of
their content, so a changed date (« mis à jour le … ») changes them all. When its files differ, the
page records (fragments: address, text, metadata of each page) are decompressed, dates replaced, and
compared page by page; the word index files, derived from those records, are then not compared.
"""

from __future__ import annotations

import difflib
import gzip
import json
import re
import sys
from pathlib import Path

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
DATES = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    rf"|\b(?:1er|\d{{1,2}}) (?:{MONTHS}) \d{{4}}(?: à \d{{1,2}} ?h ?\d{{2}})?"
)
TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".txt", ".js", ".css", ".svg", ".md", ".webmanifest"}


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix in TEXT_SUFFIXES:
        return DATES.sub("<date>", data.decode("utf-8", errors="replace")).encode("utf-8")
    return data


def search_records(site: Path) -> dict[str, str]:
    """Address → record of every page in the search index, dates replaced."""
    records = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        text = gzip.decompress(path.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd")
        record = json.loads(DATES.sub("<date>", text))
        records[record["url"] + "#" + record["meta"].get("lien", "")] = json.dumps(record, ensure_ascii=False, sort_keys=True)
    return records


def compare_search(before: Path, after: Path) -> list[str]:
    old, new = search_records(before), search_records(after)
    problems = [f"recherche : page seulement avant : {url}" for url in sorted(old.keys() - new.keys())]
    problems += [f"recherche : page seulement après : {url}" for url in sorted(new.keys() - old.keys())]
    problems += [f"recherche : fiche d'index différente : {url}" for url in sorted(old.keys() & new.keys()) if old[url] != new[url]]
    return problems


def compare(before: Path, after: Path) -> list[str]:
    names_before = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    names_after = {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    search = {n for n in names_before | names_after if n.parts[0] == "pagefind"}
    if any(n not in names_before or n not in names_after or (before / n).read_bytes() != (after / n).read_bytes() for n in search):
        names_before -= search
        names_after -= search
        problems = compare_search(before, after)
        if not problems:
            print(f"Index de recherche : {len(search_records(after))} fiches identiques hors dates (fichiers d'index non comparés).")
        return problems + compare_files(before, after, names_before, names_after)
    return compare_files(before, after, names_before, names_after)


def compare_files(before: Path, after: Path, names_before: set[Path], names_after: set[Path]) -> list[str]:
    problems = [f"seulement dans {before} : {n}" for n in sorted(names_before - names_after)]
    problems += [f"seulement dans {after} : {n}" for n in sorted(names_after - names_before)]
    for name in sorted(names_before & names_after):
        old, new = before / name, after / name
        if old.read_bytes() == new.read_bytes():
            continue
        old_text, new_text = normalised(old), normalised(new)
        if old_text == new_text:
            continue
        problems.append(f"différent : {name}")
        if name.suffix in TEXT_SUFFIXES:
            lines = difflib.unified_diff(
                old_text.decode("utf-8", "replace").splitlines(),
                new_text.decode("utf-8", "replace").splitlines(),
                lineterm="",
                n=1,
            )
            problems += ["    " + line[:200] for line in list(lines)[2:12]]
    return problems


def main(arguments: list[str]) -> int:
    if len(arguments) != 2:
        print("usage : comparer_sites.py DOSSIER_AVANT DOSSIER_APRES")
        return 2
    before, after = Path(arguments[0]), Path(arguments[1])
    problems = compare(before, after)
    count = sum(1 for p in before.rglob("*") if p.is_file())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{sum(1 for p in problems if not p.startswith('    '))} différence(s) hors dates.")
        return 1
    print(f"Sites identiques hors dates ({count} fichiers).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
