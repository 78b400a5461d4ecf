"""The one entry point to content: load → validate → resolved model."""

from __future__ import annotations

from pathlib import Path

from .content import load_content, without_cyclic_gc
from .diagnostics import ContentError, Diagnostic
from .model import Site
from .resolve import resolve


def check_content(root: Path) -> tuple[Site | None, list[Diagnostic]]:
    """Every problem of the content at once; the Site only when there is none."""
    with without_cyclic_gc():
        loaded = load_content(root)
        # Avenants (ctg/avenants.py): the text in force, computed from the signed one; the follow-up is
        # then checked against the text in force only.
        site, diagnostics = resolve(loaded, check_suivi=not loaded.of("avenants"))
        from .avenants import consolidate

        site, avenant_problems = consolidate(loaded, site)
    return site, sorted(set(loaded.diagnostics) | set(diagnostics) | set(avenant_problems))


def load_site(root: Path) -> Site:
    """The resolved model, or ContentError carrying every diagnostic."""
    site, diagnostics = check_content(root)
    if diagnostics or site is None:
        raise ContentError(diagnostics)
    return site


PLACEHOLDER = "À compléter"


def placeholders(root: Path) -> list[Diagnostic]:
    """Skeleton texts left in content (from « ctg new »): valid YAML, but not yet publishable."""
    from .diagnostics import display_path

    found = []
    for path in sorted(Path(root).rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            column = line.find(PLACEHOLDER)
            if column >= 0 and not line.lstrip().startswith("#"):
                found.append(
                    Diagnostic(display_path(path), number, column + 1, f"texte « {PLACEHOLDER} » à remplacer avant publication")
                )
    return found
