"""`ctg diff REV1 [REV2]`: what changed in the content, in words a reviewer reads (not a YAML diff)."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import LoadedContent, load_content
from .kinds import KINDS, Kind
from .pages.markdown import esc
from .text import visible

# Keys that identify an item inside a list, so that a change reads « objectif 1.2 » not « élément 3 ».
IDENTITY_KEYS = ("numero", "id", "libelle", "sigle", "thematique", "nom_source", "colonne")
FIELD_LABELS = {
    "titre": "titre", "contexte": "contexte", "objectifs": "objectifs", "publics": "publics visés",
    "actions": "actions", "calendrier": "calendrier", "pilotes": "pilotes", "partenaires": "partenaires",
    "resultats_attendus": "résultats attendus", "indicateurs": "indicateurs", "notes_source": "notes de transcription",
    "gestionnaire": "gestionnaire", "implantations": "lieux d'accueil", "adresse": "adresse", "remarques": "remarques",
    "intitule": "intitulé", "texte": "texte", "valeurs": "valeurs", "places": "places",
}


@dataclass
class Change:
    what: str  # « Fiche action n°3 », « Équipement <id> »…
    kind: str  # ajout, suppression, modification, déplacement
    details: list[str] = field(default_factory=list)


def _short(value: Any, limit: int = 90) -> str:
    if value is None:
        return "∅"
    text = " ".join(str(value).split())
    return f"« {text if len(text) <= limit else text[: limit - 1] + '…'} »"


def _key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for name in IDENTITY_KEYS:
            if item.get(name) is not None:
                return f"{name} {item[name]}"
    return f"n°{index + 1}"


def _label(path: list[str]) -> str:
    return " › ".join(FIELD_LABELS.get(part, part) for part in path)


def compare(old: Any, new: Any, path: list[str], out: list[str]) -> None:
    """Human-readable differences between two dumped models."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for name in list(dict.fromkeys(list(old) + list(new))):
            compare(old.get(name), new.get(name), path + [name], out)
    elif isinstance(old, list) and isinstance(new, list):
        _compare_lists(old, new, path, out)
    else:
        out.append(f"{_label(path)} : {_short(old)} → {_short(new)}")


def _compare_lists(old: list, new: list, path: list[str], out: list[str]) -> None:
    if all(not isinstance(x, (dict, list)) for x in old + new):
        _compare_values(old, new, path, out)
    elif _plain_texts(old) and _plain_texts(new):
        _compare_texts(old, new, path, out)
    else:
        _compare_items(old, new, path, out)


def _compare_values(old: list, new: list, path: list[str], out: list[str]) -> None:
    """Lists of plain values (texts, numbers): what was removed, added, or only reordered."""
    removed = [x for x in old if x not in new]
    added = [x for x in new if x not in old]
    for x in removed:
        out.append(f"{_label(path)} : retiré {_short(x)}")
    for x in added:
        out.append(f"{_label(path)} : ajouté {_short(x)}")
    if not removed and not added:
        out.append(f"{_label(path)} : ordre modifié")


def _compare_items(old: list, new: list, path: list[str], out: list[str]) -> None:
    """Lists of entries, matched by their identity (« objectif 1.2 ») or their rank."""
    old_items = {_key(x, i): x for i, x in enumerate(old)}
    new_items = {_key(x, i): x for i, x in enumerate(new)}
    for key in old_items:
        if key not in new_items:
            out.append(f"{_label(path)} : retiré {key}")
    for key, item in new_items.items():
        if key not in old_items:
            out.append(f"{_label(path)} : ajouté {key}")
        else:
            compare(old_items[key], item, path + [key], out)


def _plain_texts(items: list) -> bool:
    """Paragraphs or list items with no identifier: their text is what identifies them."""
    return bool(items) and all(isinstance(x, dict) and "texte" in x and _key(x, 0).startswith("n°") for x in items)


def _compare_texts(old: list[dict], new: list[dict], path: list[str], out: list[str]) -> None:
    new_by_text = {x["texte"]: x for x in new}
    old_by_text = {x["texte"]: x for x in old}
    removed = [x["texte"] for x in old if x["texte"] not in new_by_text]
    added = [x["texte"] for x in new if x["texte"] not in old_by_text]
    if len(removed) == len(added):  # the same number of texts: each one was rewritten
        for before, after in zip(removed, added):
            out.append(f"{_label(path)} : {_short(before)} → {_short(after)}")
            compare(old_by_text[before].get("sous_liste"), new_by_text[after].get("sous_liste"), path + ["sous_liste"], out)
    else:
        out += [f"{_label(path)} : retiré {_short(t)}" for t in removed]
        out += [f"{_label(path)} : ajouté {_short(t)}" for t in added]
    for text, item in old_by_text.items():
        if text in new_by_text:
            compare(item.get("sous_liste"), new_by_text[text].get("sous_liste"), path + [_short(text, 40)], out)
    if not removed and not added and [x["texte"] for x in old] != [x["texte"] for x in new]:
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
