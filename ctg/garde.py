"""Reviewer guard: a change to the signed text outside an avenant never goes unnoticed.

Article 12 of the convention: a modification of its terms without a signed avenant ends it. The
site may still fix its own transcription (a fault of the OCR or of our reading), but each such
correction must say why, in a `notes_source` note of type « correction ».

`ctg check --depuis REV` and `ctg diff REV` compare the content of REV with the working tree (or
another revision): every hunk that changes the signed text (convention, annexes, fiches, équipements,
trajectoire, chiffres…), outside `notes_source`, `infos_pratiques` and `content/avenants/`, gets a
warning on its line; a file changed that way without a new note of type « correction » is an error
of `ctg check`.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic
from .historique import NOT_SIGNED_KEYS, SIGNED_FOLDERS, _plain, _without, correction_notes, summary

QUESTION = "modification du texte signé : correction de transcription (ajoutez la note qui la justifie) ou avenant ?"
MISSING_NOTE = (
    "correction du texte signé sans note qui la justifie : ajoutez dans notes_source une note « type: correction » "
    "(ce qui était lu, ce qui est corrigé, d'après quelle ligne de la source), ou saisissez la modification comme "
    "un avenant (content/avenants/)"
)
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")

try:
    _Loader = yaml.CBaseLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.BaseLoader


@dataclass
class SignedChange:
    """A content file of the signed text changed outside an avenant, with the lines to annotate."""

    path: str  # relative to the repository (« content/convention/article-07.yaml »)
    lines: list[int] = field(default_factory=list)
    status: str = "M"  # M, A (added), D (deleted)
    justified: bool = False  # a new note of type « correction » explains it
    summary: str = ""

    def warnings(self) -> list[Diagnostic]:
        message = QUESTION if self.status != "A" else "ajout au texte signé : transcription d'une partie manquante ou avenant ?"
        return [Diagnostic(self.path, line, 1, message) for line in (self.lines or [1])]

    def error(self) -> Diagnostic | None:
        if self.justified or self.status != "M":
            return None
        return Diagnostic(self.path, (self.lines or [1])[0], 1, MISSING_NOTE)


def _git(repo: Path, *args: str, input_data: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], input=input_data, capture_output=True, timeout=60, check=True).stdout


def _signed_file(path: str, content_prefix: str) -> bool:
    if not path.startswith(content_prefix + "/") or not path.endswith(".yaml"):
        return False
    parts = path[len(content_prefix) + 1 :].split("/")
    return len(parts) == 2 and parts[0] in SIGNED_FOLDERS


def _ranges_outside_signed_text(text: str) -> list[tuple[int, int]]:
    """1-based line ranges of the values of keys that are not the signed text (notes, practical info)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return []
    found: list[tuple[int, int]] = []

    def walk(node) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value in NOT_SIGNED_KEYS:
                    found.append((key.start_mark.line + 1, max(value.end_mark.line, key.start_mark.line + 1)))
                else:
                    walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for value in node.value:
                walk(value)

    if root is not None:
        walk(root)
    return found


def _load(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return _plain(yaml.load(text, Loader=_Loader))
    except yaml.YAMLError:
        return None


def signed_changes(repository: Path, before: str, after: str | None = None, content: str = "content") -> list[SignedChange]:
    """Changes of the signed text between ``before`` and ``after`` (default: the working tree).

    Raises ValueError (French message) when a revision is unknown."""
    top = _top_level(Path(repository), [before] + ([after] if after else []))
    revisions = [before] + ([after] if after else [])
    patch = _git(top, "diff", "-U0", "--no-renames", "--no-color", *revisions, "--", content).decode("utf-8", "replace")
    changes = _changed_files(patch, content)
    if not changes:
        return []
    wanted = [f"{before}:{p}" for p, c in changes.items() if c.status != "A"]
    if after:
        wanted += [f"{after}:{p}" for p, c in changes.items() if c.status != "D"]
    texts = _batch(top, wanted)
    result = []
    for path, change in changes.items():
        if after:
            new_text = texts.get(f"{after}:{path}")
        else:
            file = top / path
            new_text = file.read_text(encoding="utf-8", errors="replace") if file.exists() else None
        if _judge(change, texts.get(f"{before}:{path}"), new_text):
            result.append(change)
    return result


def _top_level(repository: Path, revisions: list[str]) -> Path:
    try:
        top = Path(_git(repository, "rev-parse", "--show-toplevel").decode().strip())
    except (OSError, subprocess.SubprocessError):
        raise ValueError(f"pas de dépôt git dans {repository}") from None
    for revision in revisions:
        try:
            _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except (OSError, subprocess.SubprocessError):
            raise ValueError(f"révision « {revision} » introuvable dans le dépôt git {top}") from None
    return top


def _changed_files(patch: str, content: str) -> dict[str, SignedChange]:
    """Files of the signed text in a `git diff -U0`, with the first new line of each hunk."""
    changes: dict[str, SignedChange] = {}
    current: SignedChange | None = None
    for line in patch.splitlines():
        if line.startswith("diff --git "):
            path = line.split(" b/", 1)[-1]
            current = SignedChange(path) if _signed_file(path, content) else None
            if current is not None:
                changes[path] = current
        elif current is None:
            continue
        elif line.startswith("new file mode"):
            current.status = "A"
        elif line.startswith("deleted file mode"):
            current.status = "D"
        elif _HUNK.match(line):
            current.lines.append(max(1, int(_HUNK.match(line).group(3))))  # a pure deletion: the line before
    return changes


def _judge(change: SignedChange, old_text: str | None, new_text: str | None) -> bool:
    """Fill in the lines that change the signed text and whether a correction note justifies them;
    False when only notes or practical information changed (not the signed text)."""
    old, new = _load(old_text), _load(new_text)
    if change.status != "M":
        change.lines = change.lines[:1]
        change.summary = "fichier ajouté" if change.status == "A" else "fichier supprimé"
        return True
    if _without(old, NOT_SIGNED_KEYS) == _without(new, NOT_SIGNED_KEYS):
        return False
    outside = _ranges_outside_signed_text(new_text or "")
    kept = [n for n in change.lines if not any(a <= n <= b for a, b in outside)]
    change.lines = kept or change.lines[:1]
    before_notes = set(correction_notes(old))
    change.justified = any(note not in before_notes for note in correction_notes(new))
    change.summary = summary(_without(old, NOT_SIGNED_KEYS), _without(new, NOT_SIGNED_KEYS), limit=3)
    return True


def _batch(top: Path, specs: list[str]) -> dict[str, str]:
    if not specs:
        return {}
    output = _git(top, "cat-file", "--batch", input_data=("\n".join(specs) + "\n").encode())
    found: dict[str, str] = {}
    position = 0
    for spec in specs:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3 or header[-1] == b"missing":
            continue
        size = int(header[2])
        found[spec] = output[position : position + size].decode("utf-8", "replace")
        position += size + 1
    return found


def report_lines(changes: list[SignedChange], markdown: bool) -> list[str]:
    """For `ctg diff`: what a reviewer must decide, file by file."""
    if not changes:
        return []
    from .pages.markdown import esc
    from .text import visible

    lines = ["", ("### " if markdown else "") + "⚠ Texte signé modifié hors avenant", ""]
    for change in changes:
        where = f"{change.path}, ligne{'s' if len(change.lines) > 1 else ''} {', '.join(str(n) for n in change.lines)}"
        state = "note de correction ajoutée" if change.justified else "AUCUNE note de correction : ctg check échoue"
        if change.status != "M":
            state = change.summary
        text = f"{where} — {QUESTION} ({state})"
        lines.append(f"- {esc(visible(text))}" if markdown else f"⚠ {visible(text)}")
    return lines


def run_guard(arguments) -> int:
    """`ctg check --depuis REV`: warnings on every changed line of the signed text, an error for a
    correction without its note. Returns the exit status."""
    import sys

    content = Path(arguments.dossier).resolve()
    try:
        top = Path(_git(content, "rev-parse", "--show-toplevel").decode().strip())
        prefix = content.relative_to(top.resolve()).as_posix()
        changes = signed_changes(top, arguments.depuis, None, content=prefix)
    except ValueError as error:
        print(f"ctg check --depuis : {error}", file=sys.stderr)
        return 2
    except (OSError, subprocess.SubprocessError):
        print(f"ctg check --depuis : {content} n'est pas dans un dépôt git", file=sys.stderr)
        return 2
    github = arguments.format == "github"
    errors = 0
    for change in changes:
        for warning in change.warnings():
            print(warning.github("warning") if github else warning.human().replace(": modification", ": avertissement : modification", 1).replace(": ajout", ": avertissement : ajout", 1))
        error = change.error()
        if error is not None:
            errors += 1
            print(error.github() if github else error.human())
    if changes:
        print(
            f"ctg check --depuis {arguments.depuis} : {len(changes)} fichier{'s' if len(changes) > 1 else ''} du texte signé "
            f"modifié{'s' if len(changes) > 1 else ''} hors avenant"
            + (f", dont {errors} sans note de correction" if errors else ", chaque correction a sa note")
            + ".",
            file=sys.stderr,
        )
    return 1 if errors else 0
