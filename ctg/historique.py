"""History of every page: when its content changed, and why, from ONE `git log --raw` pass.

Each change of a content file is one of:
- « Correction de transcription »: the signed text was re-read (a fault of the OCR or of our
  reading); its justification is the `notes_source` note of type « correction » it adds;
- « Avenant n°N »: the text in force changed by a signed avenant (dated by its signature);
- « Mise à jour du suivi »: a follow-up figure (content/suivi/) changed;
- « Notes de transcription »: only the notes on the transcription changed;
- « Mise à jour technique »: the file changed, not its text (a stable identifier given to the
  indicators, a reordered key): said so, so that a reader never believes the signed text changed;
- « Première transcription » when a file of the signed text appears, « Mise en ligne » when another
  one does (acteurs, communes, suivi…), « Mise à jour » for what is not the signed text.

Every change is said in words with the labels of the site (ctg.review.compare, schema/libelles.py):
``resume`` is the one change, or how many; ``details`` lists them all (the page shows the first ones
and folds the rest). Old contents come from one `git cat-file --batch` call, for the few most recent
changes of each file only.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .review import compare

SHOWN_PER_FILE = 5  # history lines kept per content file (and per page)
DETAILS_SHOWN = 3  # changes of one line shown at once; the others are folded
DETAILS_KEPT = 60  # changes of one line listed at most (a page stays light)
# Folders of content/ that hold the signed text (convention, annexes, fiches…): a change there that
# is not an avenant is a correction of the transcription.
SIGNED_FOLDERS = ("convention", "annexes", "presentation", "fiches", "equipements", "trajectoire", "chiffres", "enjeux", "deliberations", "fiches-de-poste")
# Fields that are not the signed text: practical information, transcription notes.
NOT_SIGNED_KEYS = ("infos_pratiques", "notes_source", "sources", "source", "source_ocr")
_ZERO = "0" * 40

try:  # every scalar as text (as ctg reads content): no type guessing, the fastest loader
    _Loader = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.BaseLoader


@dataclass(frozen=True)
class Evenement:
    """One line of a page's history."""

    date: str  # AAAA-MM-JJ
    genre: str  # correction, avenant, suivi, transcription, mise-a-jour
    libelle: str  # « Correction de transcription », « Avenant n°2 »…
    resume: str  # French summary in words: the change, or how many
    note: str | None = None  # the correction note that justifies it
    details: tuple[str, ...] = ()  # every change in words, when there are several

    def as_meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"date": self.date, "genre": self.genre, "libelle": self.libelle, "resume": self.resume}
        if self.note:
            meta["note"] = self.note
        if self.details:
            meta["details"] = list(self.details[:DETAILS_SHOWN])
            rest = len(self.details) - DETAILS_SHOWN
            if rest > 0:  # folded under « N autres changements »
                meta["autres_titre"] = f"{rest} autre{'s' if rest > 1 else ''} changement{'s' if rest > 1 else ''}"
                meta["autres"] = list(self.details[DETAILS_SHOWN:DETAILS_KEPT])
                if len(self.details) > DETAILS_KEPT:
                    meta["autres"].append(f"… et {len(self.details) - DETAILS_KEPT} de plus (voir « ctg diff » dans le dépôt)")
        return meta


@dataclass
class History:
    dates: dict[str, str] = field(default_factory=dict)  # file → date of its last commit (content and docs)
    events: dict[str, list[Evenement]] = field(default_factory=dict)  # content file → newest first

    def of(self, files, extra: list[Evenement] = (), names: dict[str, str] | None = None) -> list[Evenement]:
        """The last changes of a page built from ``files``, newest first; within one day, the order
        of git (newest commit first) is kept. With ``names`` (a page that gathers others), each line
        says which page it concerns."""
        found: dict[Evenement, int] = {}
        for f in files:
            for position, event in enumerate(self.events.get(f, [])):
                if names is not None:
                    name = names.get(f, f).split(" — ")[0]  # « Fiche action n°7 », « Article 4 »
                    name = name if len(name) <= 50 else name[:49].rstrip() + "…"
                    event = replace(event, resume=f"{name} — {event.resume}")
                found.setdefault(event, position)
        for event in extra:
            found.setdefault(event, -1)
        return sorted(found, key=lambda e: (_days(e.date), -found[e]), reverse=True)[:SHOWN_PER_FILE]


def _days(iso: str) -> int:
    year, month, day = (int(x) for x in iso.split("-"))
    return year * 400 + month * 32 + day


@dataclass
class _Raw:
    date: str
    subject: str
    status: str
    old: str
    new: str
    path: str = ""


def _git(repo: Path, *args: str, input_data: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], input=input_data, capture_output=True, timeout=60, check=True).stdout


def read_history(repo: Path, folders: tuple[str, ...] = ("content", "docs")) -> History:
    """Dates and classified changes of every file, from one `git log` pass; empty without git."""
    history = History()
    try:
        output = _git(repo, "log", "--raw", "--no-renames", "--no-abbrev", "--format=@%cs%x09%s", "--", *folders).decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return history
    per_file: dict[str, list[_Raw]] = {}

    def path_in(change: _Raw, folder: str) -> bool:
        return change.path.startswith(f"content/{folder}/")

    date, subject = "", ""
    for line in output.splitlines():
        if line.startswith("@"):
            date, _, subject = line[1:].partition("\t")
        elif line.startswith(":") and date:
            meta, _, path = line.partition("\t")
            parts = meta.split()
            if len(parts) < 5:
                continue
            history.dates.setdefault(path, date)  # newest commit comes first
            if path.startswith("docs/") and path.endswith(".md"):
                # A hand-written page (commit messages are written for developers, not shown).
                bucket = history.events.setdefault(path, [])
                if len(bucket) < SHOWN_PER_FILE:
                    bucket.append(Evenement(date, "mise-a-jour", "Mise à jour de la page", "texte de la page modifié"))
            elif path.startswith("content/") and path.endswith(".yaml"):
                changes = per_file.setdefault(path, [])
                if len(changes) < SHOWN_PER_FILE:
                    changes.append(_Raw(date, subject, parts[4][0], parts[2], parts[3], path))
    # Old and new contents are needed to summarise a modification only (not an addition).
    blobs = _read_blobs(repo, {sha for changes in per_file.values() for c in changes if c.status == "M" and not path_in(c, "avenants") for sha in (c.old, c.new)})
    for path, changes in per_file.items():
        history.events[path] = [e for e in (_classify(path, c, blobs) for c in changes) if e is not None]
    return history


def _read_blobs(repo: Path, shas: set[str]) -> dict[str, Any]:
    """Parsed YAML of every blob asked for, in one `git cat-file --batch` call."""
    if not shas:
        return {}
    ordered = sorted(shas)
    try:
        output = _git(repo, "cat-file", "--batch", input_data=("\n".join(ordered) + "\n").encode())
    except (OSError, subprocess.SubprocessError):
        return {}
    blobs: dict[str, Any] = {}
    position = 0
    for sha in ordered:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        data = output[position : position + size]
        position += size + 1
        try:
            blobs[sha] = _plain(yaml.load(data.decode("utf-8", "replace"), Loader=_Loader))
        except yaml.YAMLError:
            blobs[sha] = None
    return blobs


def _plain(data: Any) -> Any:
    """YAML as ``ctg diff`` compares it: text keys (years are keys in tables), text scalars."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(x) for x in data]
    return data if data is None or isinstance(data, str) else str(data)


def _without(data: Any, keys: tuple[str, ...]) -> Any:
    if isinstance(data, dict):
        return {k: _without(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [_without(x, keys) for x in data]
    return data


def correction_notes(data: Any) -> list[tuple[str, str]]:
    """(champ, texte) of every source note of type « correction », at any depth of a file."""
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for note in node.get("notes_source") or []:
                if isinstance(note, dict) and note.get("type") == "correction" and note.get("texte"):
                    found.append((str(note.get("champ") or ""), " ".join(str(note["texte"]).split())))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return found


def changes(old: Any, new: Any) -> list[str]:
    """Every change between two contents, in words; None: an old file of another shape."""
    details: list[str] = []
    try:
        compare(old, new, [], details)
    except (TypeError, ValueError, AttributeError, KeyError, StopIteration):  # never a failed build
        return ["contenu modifié"]
    return details


def summary(old: Any, new: Any, limit: int = 1) -> str:
    """The first changes in one line (``ctg check --depuis``); the count of the others."""
    details = changes(old, new)
    if not details:
        return "mise en forme du fichier, sans changement de texte"
    shown = "; ".join(details[:limit])
    rest = len(details) - limit
    return shown + (f" ; et {rest} autre{'s' if rest > 1 else ''} changement{'s' if rest > 1 else ''}" if rest > 0 else "")


def _event(date: str, genre: str, libelle: str, details: list[str], note: str | None = None) -> Evenement:
    """One line of history: its one change in words, or how many, with all of them listed."""
    if not details:
        return Evenement(date, genre, libelle, "mise en forme du fichier, sans changement de texte", note)
    if len(details) == 1:
        return Evenement(date, genre, libelle, details[0], note)
    return Evenement(date, genre, libelle, f"{len(details)} changements", note, tuple(details))


# Fields that link an entry to the rest of the site, not words of the signed text: the stable
# identifier of an indicator (the suivi points to it), its link to the trajectory of Annexe 8.
LINK_KEYS = ("id", "annexe_8")


def _text_only(data: Any) -> Any:
    """The text of a file without the links given to its entries (« id » of an indicator): giving an
    entry a stable identifier does not change the signed text."""
    if isinstance(data, dict):
        kept = {k: _text_only(v) for k, v in data.items() if k not in LINK_KEYS}
        return kept["texte"] if list(kept) == ["texte"] else kept
    if isinstance(data, list):
        return [_text_only(x) for x in data]
    return data


# What a new file is, by its folder: the signed text is transcribed, the rest is put online.
ADDED = {folder: ("transcription", "Première transcription", "texte transcrit du document signé et mis en ligne") for folder in SIGNED_FOLDERS}
ADDED["equipements"] = ("transcription", "Première transcription", "liste des équipements de l'Annexe 3 transcrite du document signé")
ADDED["chiffres"] = ("transcription", "Première transcription", "tableau de chiffres de l'Annexe 2 transcrit du document signé")
ADDED["trajectoire"] = ("transcription", "Première transcription", "trajectoire des places de l'Annexe 8 transcrite du document signé")
ADDED["suivi"] = ("suivi", "Mise en ligne du suivi", "suivi de la convention mis en ligne")
ADDED["communes"] = ("mise-a-jour", "Mise en ligne", "fiche de la commune mise en ligne")
ADDED["acteurs"] = ("mise-a-jour", "Mise en ligne", "fiche de l'acteur mise en ligne")


def _classify(path: str, change: _Raw, blobs: dict[str, Any]) -> Evenement | None:
    folder = path.split("/")[1] if path.count("/") >= 2 else ""
    if change.status == "D" or folder == "avenants":
        return None  # a deleted file has no page; avenants are dated by their signature (events_of_avenants)
    if change.status == "A":
        genre, libelle, resume = ADDED.get(folder, ("mise-a-jour", "Mise en ligne", "première version publiée"))
        return Evenement(change.date, genre, libelle, resume)
    old, new = blobs.get(change.old), blobs.get(change.new)
    if folder == "suivi":
        return _event(change.date, "suivi", "Mise à jour du suivi", changes(old, new))
    if folder in SIGNED_FOLDERS:
        before = set(correction_notes(old))
        added = [texte for champ, texte in correction_notes(new) if (champ, texte) not in before]
        note = added[0] if added else None
        signed_old, signed_new = _without(old, NOT_SIGNED_KEYS), _without(new, NOT_SIGNED_KEYS)
        if _text_only(signed_old) != _text_only(signed_new):
            return _event(change.date, "correction", "Correction de transcription", changes(signed_old, signed_new), note)
        if signed_old != signed_new:  # identifiers given to entries, or the shape of the file: not its text
            return _event(change.date, "mise-a-jour", "Mise à jour technique, texte inchangé", changes(old, new), note)
        if added or _without(old, ("infos_pratiques",)) != _without(new, ("infos_pratiques",)):
            return _event(change.date, "correction", "Notes de transcription", changes(old, new), note)
    return _event(change.date, "mise-a-jour", "Mise à jour", changes(old, new))


def events_of_avenants(versions) -> dict[str, list[Evenement]]:
    """Per content file, the avenants that changed it, dated by their signature."""
    found: dict[str, list[Evenement]] = {}
    for change in getattr(versions, "changes", ()):
        avenant = change.avenant
        event = Evenement(avenant.date_signature, "avenant", f"Avenant n°{avenant.numero}", " ".join(avenant.objet.split()))
        bucket = found.setdefault(change.content_file, [])
        if event not in bucket:
            bucket.append(event)
    return found
