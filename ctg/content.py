"""Load every YAML file of content/, validate it against its schema, and keep where values stand.

The folder of a file decides its kind, hence its schema (registry: ``ctg.kinds``). Every file is read even when others fail, so that an
editor sees all problems at once.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, display_path
from .kinds import KINDS, Kind
from .messages import diagnostics_from
from .yamlsource import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass
class Entry(Generic[M]):
    """A validated model with the YAML document it came from (for precise error places)."""

    model: M
    doc: YamlDocument

    @property
    def stem(self) -> str:
        return self.doc.path.stem

    def at(self, *loc: str | int, message: str, at_key: bool = False) -> Diagnostic:
        return self.doc.diagnostic(tuple(loc), message, at_key=at_key)


@dataclass
class LoadedContent:
    root: Path
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    # Files that could not be validated, as (kind name, file stem): a commune, its list of équipements
    # and its trajectory share a stem, and a broken one must not hide an error about another.
    failed: set[tuple[str, str]] = field(default_factory=set)

    def of(self, kind: str) -> list[Entry]:
        return self.entries.get(kind, [])

    def one(self, kind: str) -> Entry | None:
        found = self.entries.get(kind, [])
        return found[0] if found else None


def _kind_for(path: Path, root: Path) -> Kind | None:
    relative = path.relative_to(root)
    if len(relative.parts) != 2:
        return None
    folder, name = relative.parts
    for kind in KINDS:
        if kind.folder != folder:
            continue
        if kind.single is not None:
            if name == kind.single:
                return kind
            continue
        if name in kind.exclude:
            continue
        if not any(k.folder == folder and k.single == name for k in KINDS):
            return kind
    return None


def _known_folders() -> str:
    return ", ".join(sorted({k.folder for k in KINDS}))


@contextmanager
def without_cyclic_gc():
    """Loading creates millions of small, acyclic objects (YAML nodes kept for error positions):
    the cyclic garbage collector would rescan them again and again for nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def load_content(root: Path) -> LoadedContent:
    """Read and validate every file below root; never raises on bad content."""
    with without_cyclic_gc():
        return _load_content(Path(root))


def _load_content(root: Path) -> LoadedContent:
    result = LoadedContent(root=root)
    if not root.is_dir():
        result.diagnostics.append(
            Diagnostic(display_path(root), 1, 1, "dossier de contenu introuvable")
        )
        return result
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        display = display_path(path)
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or path.name.lower() == "readme.md":
            continue
        if path.suffix == ".yml":
            result.diagnostics.append(
                Diagnostic(display, 1, 1, "extension « .yml » : renommez le fichier en « .yaml »")
            )
            continue
        if path.suffix != ".yaml":
            result.diagnostics.append(
                Diagnostic(display, 1, 1, "fichier inattendu dans content/ : seuls des fichiers .yaml y sont rangés")
            )
            continue
        kind = _kind_for(path, root)
        if kind is None:
            result.diagnostics.append(
                Diagnostic(
                    display,
                    1,
                    1,
                    f"fichier rangé hors des dossiers connus ({_known_folders()}) : son contenu ne serait pas publié",
                )
            )
            continue
        result.files.append(path)
        doc, problems = read_yaml(path, display)
        if doc is None:
            result.diagnostics.extend(problems)
            result.failed.add((kind.name, path.stem))
            continue
        try:
            model = kind.model.model_validate(doc.data)
        except ValidationError as error:
            result.diagnostics.extend(diagnostics_from(error, doc, kind.model))
            result.failed.add((kind.name, path.stem))
            continue
        result.entries.setdefault(kind.name, []).append(Entry(model=model, doc=doc))
    for kind in (k for k in KINDS if k.required):
        expected = root / kind.folder / (kind.single or "")
        if not expected.exists():
            result.diagnostics.append(
                Diagnostic(display_path(expected), 1, 1, "fichier de référence manquant")
            )
    return result
