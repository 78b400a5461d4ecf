"""A copy of the real content where every free-text value carries a hostile string.

« Every free-text value » is not a hand-kept list: the hostile text is put into every string of
every file, then the validator itself says which ones are not free text (identifiers, dates,
numbers, references, vocabularies…) and those get their value back. What remains is every value
that an editor may write freely, in every kind of content, today and for kinds added later.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from ctg.pipeline import check_content
from ctg.yamlsource import read_yaml
from fixtures import copy_content

# Lower case only (no acronym of the glossary inside), one space between words (texts are
# normalised), and every syntax that could become markup somewhere: HTML, attributes, Markdown,
# Jinja, admonitions, a link to javascript:, a spreadsheet formula at the start.
HOSTILE = (
    "=1+1 ⟦\"'><script>window.__injecte=1</script><img src=x onerror=window.__injecte=2>"
    "<svg onload=window.__injecte=3><b class=ctg-injecte>b</b> [lien](javascript:window.__injecte=4) "
    "{{ 7*7 }} {% if 1 %}x{% endif %} x*em* _em_ `code` \\ ] | # !!! note "
    "{: autofocus tabindex=0 onfocus=window.__injecte=5 } {#ancre .classe} &lt;b&gt; ⟧"
)


def _strings(data, loc=()):
    """(loc, value) of every string value (keys are the schema's, never content)."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _strings(item, loc + (index,))
    elif isinstance(data, dict):
        for key, item in data.items():
            yield from _strings(item, loc + (key,))


def _set(data, loc, value):
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _write(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9, default_style='"', default_flow_style=False), encoding="utf-8")


def hostile_copy(source: Path, destination: Path, rounds: int = 30) -> dict[Path, set]:
    """Copy ``source`` to ``destination`` with HOSTILE before every free-text value.

    Returns, per file, the locations that carry it (so a test can say how many were reached).
    Checks come in stages (a follow-up file is checked against the text in force only once the
    amendments are valid), so refused values are given back round after round until nothing moves.
    """
    copy_content(destination, source)
    files = sorted(destination.rglob("*.yaml"))
    originals: dict[Path, object] = {}
    values: dict[Path, dict] = {}
    injected: dict[Path, set] = {}
    for path in files:
        document, problems = read_yaml(path, str(path))
        assert document is not None, problems
        originals[path] = document.data
        values[path] = dict(_strings(document.data))
        injected[path] = set(values[path])
    changed = set(files)
    for _ in range(rounds):
        for path in changed:
            data = copy.deepcopy(originals[path])
            for loc in injected[path]:
                _set(data, loc, f"{HOSTILE} {values[path][loc]}")
            _write(path, data)
        changed = set()
        _, diagnostics = check_content(destination)
        if not diagnostics:
            return injected
        by_file: dict[Path, list] = {}
        for diagnostic in diagnostics:
            by_file.setdefault(Path(diagnostic.path).resolve(), []).append(diagnostic)
        for path in files:
            refused = by_file.get(path.resolve())
            if not refused:
                continue
            document, _ = read_yaml(path, str(path))
            where = {loc: document.locate(loc) for loc in injected[path]}
            for diagnostic in refused:
                exact = {loc for loc, pos in where.items() if (pos.line, pos.column) == (diagnostic.line, diagnostic.column)}
                # A message placed on a key or a whole item: give back the values on that line, or below it.
                near = exact or {loc for loc, pos in where.items() if pos.line == diagnostic.line}
                near = near or {loc for loc, pos in where.items() if pos.line > diagnostic.line and pos.line <= diagnostic.line + 3}
                if near & injected[path]:
                    injected[path] -= near
                    changed.add(path)
        if not changed:
            break
    raise AssertionError("le contenu piégé reste invalide : " + "; ".join(d.human() for d in diagnostics[:10]))
