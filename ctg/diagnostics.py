"""Diagnostics: one problem found in a content file, with its place, in French."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A message about a precise place of a file (1-based line and column)."""

    path: str
    line: int
    column: int
    message: str

    def human(self) -> str:
        from .text import visible

        return visible(f"{self.path}:{self.line}:{self.column}: {self.message}")

    def github(self, level: str = "error") -> str:
        # GitHub annotation syntax: commas, colons and newlines in properties must be escaped.
        def escape_data(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def escape_property(text: str) -> str:
            return escape_data(text).replace(":", "%3A").replace(",", "%2C")

        return (
            f"::{level} file={escape_property(self.path)},line={self.line},col={self.column}"
            f"::{escape_data(self.message)}"
        )


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as an editor sees it: relative to the working directory when possible."""
    candidates = [Path.cwd()] + ([root] if root else [])
    resolved = path.resolve()
    for base in candidates:
        try:
            return resolved.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


class ContentError(Exception):
    """Raised by the pipeline when content is invalid; carries every diagnostic at once."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.diagnostics)
        head = f"{count} erreur{'s' if count > 1 else ''} dans le contenu :"
        return "\n".join([head] + [d.human() for d in self.diagnostics])
