"""`ctg diff REV1 [REV2]`: what changed in the content, in words a reviewer reads (not a YAML diff)."""

from __future__ import annotations

import difflib
import io
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schema.libelles import CHAMPS, champ

from .content import LoadedContent, load_content
from .kinds import KINDS, Kind
from .pages.markdown import esc
from .text import visible

# Keys that identify an entry inside a list, strongest first: a change reads « objectif n°1.2 », and an
# entry keeps its identity when it is moved, or when an « id » is added to it.
IDENTITY_KEYS = ("numero", "id", "sigle", "thematique", "nom_source", "colonne", "equipement", "autorite", "fiche", "objectif", "indicateur", "revue", "annee")
# The text that names an entry without identity (a paragraph, a partner, a note).
TEXT_KEYS = ("texte", "intitule", "libelle", "nom", "titre", "intertitre", "paragraphe", "intitule_type", "designation", "signataire", "definition", "valeur")
FIELD_LABELS = CHAMPS  # one mapping for the pages, ctg diff and the history of the pages (schema/libelles.py)
SHORT = 60  # characters of a value quoted in a change
EXAMPLES = 2  # values quoted when many are added at once


@dataclass
class Change:
    what: str  # « Fiche action n°3 », « Équipement <id> »…
    kind: str  # ajout, suppression, modification, déplacement
    details: list[str] = field(default_factory=list)


class _Entry(str):
    """An entry of a list in a path (« n°1.2 », « « Parents » »): printed as it is, not as a field."""


def _text_of(value: Any) -> str | None:
    if isinstance(value, dict):
        for name in TEXT_KEYS:
            if isinstance(value.get(name), str):
                return value[name]
        return None
    return value if isinstance(value, str) else None


def _short(value: Any, limit: int = SHORT) -> str:
    """A value in a few words: quoted text cut with « … », never a dump of a list or a table."""
    if isinstance(value, list):
        return _count(len(value), "élément")
    if isinstance(value, dict):
        text = _text_of(value)
        if text is None:
            identity = _identity(value)
            return f"« {identity[1]} »" if identity else "un élément"
        value = text
    if isinstance(value, bool) or value in ("true", "false"):  # a yes-or-no field (« annexe_8: true »)
        return "oui" if value in (True, "true") else "non"
    text = " ".join(str(value).split())
    return f"« {text if len(text) <= limit else text[: limit - 1].rstrip() + '…'} »"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n > 1 else ''}"


def _identity(item: Any) -> tuple[str, str] | None:
    if isinstance(item, dict):
        for name in IDENTITY_KEYS:
            if item.get(name) is not None:
                return name, str(item[name])
    return None


def _name(item: Any, index: int) -> _Entry:
    """How a change names an entry: its number, else its text, else its identifier, else its rank."""
    if isinstance(item, dict) and item.get("numero") is not None:
        return _Entry(f"n°{item['numero']}")
    text = _text_of(item)
    if text is not None:
        return _Entry(_short(text, 40))
    identity = _identity(item)
    return _Entry(f"« {identity[1]} »" if identity else f"n°{index + 1}")


def _describe(item: Any) -> str:
    """An entry added or removed: « n°1.3 (« Informer les familles ») », « « Parents » »."""
    if isinstance(item, dict) and item.get("numero") is not None:
        text = _text_of(item)
        return f"n°{item['numero']}" + (f" ({_short(text)})" if text else "")
    return _short(item)


def _label(path: list[str]) -> str:
    words = [part if isinstance(part, _Entry) else champ(part) for part in path] or ["contenu"]
    words[0] = words[0][:1].upper() + words[0][1:]
    return " › ".join(words)


def compare(old: Any, new: Any, path: list[str], out: list[str]) -> None:
    """Human-readable differences between two dumped models, with the field labels of the site."""
    if old == new:
        return
    if old is None or new is None:
        _added_or_removed(new if old is None else old, "ajouté" if old is None else "retiré", path, out)
    elif isinstance(old, dict) and isinstance(new, dict):
        for name in list(dict.fromkeys(list(old) + list(new))):
            compare(old.get(name), new.get(name), path + [name], out)
    elif isinstance(old, list) and isinstance(new, list):
        _compare_lists(old, new, path, out)
    elif isinstance(old, dict) != isinstance(new, dict) and not isinstance(old, list) and not isinstance(new, list):
        # A value that became a detailed one (« 12 » → « valeur: 12, lu: … ») or the reverse.
        detailed = old if isinstance(old, dict) else new
        key = next((k for k in (*TEXT_KEYS, "lu") if k in detailed), "valeur")
        compare(old if isinstance(old, dict) else {key: old}, new if isinstance(new, dict) else {key: new}, path, out)
    else:
        out.append(f"{_label(path)} : {_changed(old, new)}")


def _changed(old: Any, new: Any) -> str:
    """« before » → « after », around the first difference when a long text changed further on."""
    if isinstance(old, str) and isinstance(new, str):
        a, b = " ".join(old.split()), " ".join(new.split())
        same = len(os.path.commonprefix([a, b]))
        if same > SHORT // 2 and max(len(a), len(b)) > SHORT:
            start = a.rfind(" ", 0, same - 15) + 1
            return f"{_short('…' + a[start:])} → {_short('…' + b[start:])}"
    return f"{_short(old)} → {_short(new)}"


def _added_or_removed(value: Any, verb: str, path: list[str], out: list[str]) -> None:
    """A field that appears or disappears: how many entries, and the first ones in a few words."""
    if value in ("true", "false") or isinstance(value, bool):  # a yes-or-no field: its value says it
        out.append(f"{_label(path)} : {_short(value)}")
    elif isinstance(value, list) and len(value) != 1:
        if not value:
            return
        named = [x for x in value if not isinstance(x, (dict, list)) or _text_of(x) is not None]
        examples = ", ".join(_short(x, 40) for x in named[:EXAMPLES]) + (", …" if len(value) > EXAMPLES else "")
        out.append(f"{_label(path)} : {_count(len(value), 'élément')} {verb}{'s' if len(value) > 1 else ''}" + (f" ({examples})" if named else ""))
    elif isinstance(value, list):
        out.append(f"{_label(path)} : {verb} {_short(value[0])}")
    elif isinstance(value, dict) and _text_of(value) is None:
        out.append(f"{_label(path)} : {verb} ({', '.join(champ(k) for k in value)})")
    else:
        out.append(f"{_label(path)} : {verb} {_short(value)}")


def _compare_lists(old: list, new: list, path: list[str], out: list[str]) -> None:
    if all(not isinstance(x, (dict, list)) for x in old + new):
        _compare_values(old, new, path, out)
        return
    # A list of texts that became a list of entries (« - texte » → « - id: …\n  texte: … »): same entries.
    if any(isinstance(x, dict) for x in old + new):
        old = [{"texte": x} if isinstance(x, str) else x for x in old]
        new = [{"texte": x} if isinstance(x, str) else x for x in new]
    _compare_items(old, new, path, out)


def _compare_values(old: list, new: list, path: list[str], out: list[str]) -> None:
    """Lists of plain values (texts, numbers): what was removed, added, or only reordered."""
    removed = [x for x in old if x not in new]
    added = [x for x in new if x not in old]
    for before in list(removed):  # a value corrected in place (« DAGBERT » → « DABGERT »): one change
        after = next((x for x in added if _similar(before, x)), None)
        if after is not None:
            out.append(f"{_label(path)} : {_changed(before, after)}")
            removed.remove(before)
            added.remove(after)
    for x in removed:
        out.append(f"{_label(path)} : retiré {_short(x)}")
    for x in added:
        out.append(f"{_label(path)} : ajouté {_short(x)}")
    if not removed and not added and [x for x in old if x in new] != [x for x in new if x in old]:
        out.append(f"{_label(path)} : ordre modifié")


def _pair(old: list, new: list) -> list[tuple[int, int]]:
    """Entries of both lists that are the same entry: same identity, else same text, else (as many
    left on each side, none with another identity) the same rank among those left: a rewritten text."""
    pairs: dict[int, int] = {}  # new index → old index
    by_identity: dict[tuple[str, str], int] = {}
    for i, item in enumerate(old):
        by_identity.setdefault(_identity(item) or ("", f"#{i}"), i)
    for j, item in enumerate(new):
        i = by_identity.get(_identity(item) or ("", ""))
        if i is not None and i not in pairs.values():
            pairs[j] = i
    for j, item in enumerate(new):
        text = _text_of(item)
        if j in pairs or text is None:
            continue
        i = next((i for i, x in enumerate(old) if i not in pairs.values() and _text_of(x) == text and _compatible(x, item, "numero")), None)
        if i is not None:
            pairs[j] = i
    left_old = [i for i in range(len(old)) if i not in pairs.values()]
    left_new = [j for j in range(len(new)) if j not in pairs]
    if len(left_old) == len(left_new) and all(_compatible(old[i], new[j]) for i, j in zip(left_old, left_new)):
        pairs.update(zip(left_new, left_old))
    return sorted(((i, j) for j, i in pairs.items()), key=lambda p: p[1])


def _similar(a: Any, b: Any) -> bool:
    """Two texts that are one text corrected: most of their characters in common."""
    return isinstance(a, str) and isinstance(b, str) and difflib.SequenceMatcher(None, a, b).ratio() > 0.8


def _compatible(a: Any, b: Any, *keys: str) -> bool:
    """Two entries that may be one: not two identities of the same kind (of ``keys``, or any) that differ."""
    ida, idb = _identity(a), _identity(b)
    return not (ida and idb and ida[0] == idb[0] and ida != idb and (not keys or ida[0] in keys))


def _compare_items(old: list, new: list, path: list[str], out: list[str]) -> None:
    """Lists of entries, matched by identity (numero, id…) or text, never only by position."""
    pairs = _pair(old, new)
    matched_old, matched_new = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, item in enumerate(old):
        if i not in matched_old:
            out.append(f"{_label(path)} : retiré {_describe(item)}")
    with_new_id = unchanged = 0
    for i, j in pairs:
        before, after = old[i], new[j]
        if isinstance(before, dict) and isinstance(after, dict) and "id" in after and "id" not in before:
            with_new_id += 1  # a stable identifier given to an entry (issue 12): not a change of its text
            after = {k: v for k, v in after.items() if k != "id"}
            unchanged += before == after
        name = _name(new[j], j)
        text_before, text_after = _text_of(before), _text_of(after)
        if _identity(before) is None and _identity(after) is None and text_before != text_after:
            out.append(f"{_label(path)} : {_changed(text_before, text_after)}")
            key = next(k for k in TEXT_KEYS if k in before or k in after)
            before = {k: v for k, v in before.items() if k != key}
            after = {k: v for k, v in after.items() if k != key}
        compare(before, after, path + [name], out)
    if with_new_id:
        same = " (texte inchangé)" if unchanged == with_new_id else ""
        out.append(f"{_label(path)} : identifiant stable ajouté à {_count(with_new_id, 'élément')}{same}")
    for j, item in enumerate(new):
        if j not in matched_new:
            out.append(f"{_label(path)} : ajouté {_describe(item)}")
    olds = [i for i, _ in pairs]
    if olds != sorted(olds):
        out.append(f"{_label(path)} : ordre modifié")


def _dump(loaded: LoadedContent, kind: str) -> dict[str, tuple[dict, str]]:
    return {
        entry.stem: (entry.model.model_dump(mode="json", exclude_none=True), entry.doc.display)
        for entry in loaded.of(kind)
    }


def content_changes(before: LoadedContent, after: LoadedContent) -> list[Change]:
    """Every change, kind by kind in the registry's order; an entry is named by its kind's identity."""
    changes: list[Change] = []
    for kind in KINDS:
        if kind.diff_items is not None:
            changes += _item_changes(kind, before, after)
            continue
        if kind.diff is not None:  # the kind says its changes in its own words (suivi de la convention)
            changes += kind.differ()(before, after)
            continue
        old, new = _dump(before, kind.name), _dump(after, kind.name)
        for stem in sorted(set(old) | set(new)):
            if stem not in new:
                changes.append(Change(kind.what(stem, old[stem][0]), "suppression"))
            elif stem not in old:
                changes.append(Change(kind.what(stem, new[stem][0]), "ajout"))
            else:
                details: list[str] = []
                compare(old[stem][0], new[stem][0], [], details)
                if details:
                    changes.append(Change(kind.what(stem, new[stem][0]), "modification", details))
    return changes


def _item_changes(kind: Kind, before: LoadedContent, after: LoadedContent) -> list[Change]:
    """Items of a list (the équipements of each collectivité's list) compared one by one, by id:
    an item moved from one file to another is a move, not a removal and an addition."""

    def index(loaded: LoadedContent) -> dict[str, tuple[str, dict]]:
        items, owner = kind.diff_items or ("", "")
        found = {}
        for entry in loaded.of(kind.name):
            for item in getattr(entry.model, items):
                found[item.id] = (getattr(entry.model, owner), item.model_dump(mode="json", exclude_none=True))
        return found

    old, new = index(before), index(after)
    changes = []
    for identifier in sorted(set(old) | set(new)):
        label = f"{kind.label} {identifier}"
        if identifier not in new:
            changes.append(Change(label, "suppression", [f"était dans la liste de {old[identifier][0]}"]))
        elif identifier not in old:
            changes.append(Change(label, "ajout", [f"dans la liste de {new[identifier][0]} : {new[identifier][1].get('nom') or new[identifier][1].get('intitule_type')}"]))
        else:
            details: list[str] = []
            if old[identifier][0] != new[identifier][0]:
                details.append(f"déplacé de la liste de {old[identifier][0]} vers celle de {new[identifier][0]}")
            compare(old[identifier][1], new[identifier][1], [], details)
            if details:
                moved = old[identifier][0] != new[identifier][0]
                changes.append(Change(label, "déplacement" if moved else "modification", details))
    return changes


def _content_at(repository: Path, revision: str, destination: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(repository), "archive", "--format=tar", revision, "content"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise ValueError(f"révision « {revision} » introuvable dans le dépôt git {repository}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return destination / "content"


def render(changes: list[Change], before_label: str, after_label: str, markdown: bool, problems: dict[str, int]) -> str:
    lines = []
    title = f"Changements de contenu entre {before_label} et {after_label}"
    lines.append(f"## {title}" if markdown else title)
    lines.append("")
    for side, count in problems.items():
        if count:
            lines.append(f"⚠ {count} erreur(s) de validation dans {side} : lancez « ctg check » pour le détail.")
    if not changes:
        lines.append("Aucun changement de contenu.")
        return "\n".join(lines) + "\n"
    icons = {"ajout": "➕", "suppression": "➖", "modification": "✏️", "déplacement": "↔️"}
    counts = {k: sum(1 for c in changes if c.kind == k) for k in icons}
    lines.append(", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in counts.items() if n))
    lines.append("")
    # Content values reach a terminal or a pull request summary: never as markup, never as control codes.
    shown = (lambda text: esc(visible(text))) if markdown else visible
    for change in changes:
        what = change.what if len(change.what) <= 120 else change.what[:119] + "…"
        head = f"{icons[change.kind]} {change.kind.capitalize()} — {shown(what)}"
        lines.append(f"- **{head}**" if markdown else head)
        for detail in change.details[:40]:
            lines.append(f"    - {shown(detail)}" if markdown else f"    · {shown(detail)}")
        if len(change.details) > 40:
            lines.append(f"    - … et {len(change.details) - 40} autres changements")
    return "\n".join(lines) + "\n"


def run_diff(arguments) -> int:
    with tempfile.TemporaryDirectory() as temporary:
        try:
            repository = Path(arguments.depot)
            before_root = _content_at(repository, arguments.avant, Path(temporary) / "avant")
            after_root = (
                _content_at(repository, arguments.apres, Path(temporary) / "apres") if arguments.apres else repository / "content"
            )
        except ValueError as error:
            print(f"ctg diff : {error}")
            return 2
        before, after = load_content(before_root), load_content(after_root)
        problems = {arguments.avant: len(before.diagnostics), arguments.apres or "l'arbre de travail": len(after.diagnostics)}
        changes = content_changes(before, after)
    print(render(changes, arguments.avant, arguments.apres or "l'arbre de travail", arguments.format == "markdown", problems), end="")
    from .garde import report_lines, signed_changes  # the signed text changed outside an avenant (issue 13)

    try:
        guarded = report_lines(signed_changes(repository, arguments.avant, arguments.apres), arguments.format == "markdown")
    except ValueError:
        guarded = []
    if guarded:
        print("\n".join(guarded))
    return 0
