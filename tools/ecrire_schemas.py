"""Regenerate schema/json/*.schema.json and .vscode/settings.json from the Pydantic models.

Run after changing schema/*.py:  .venv/bin/python tools/ecrire_schemas.py
A test fails while the committed files differ from what this writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from ctg.opendata import SCHEMA_FILES, schema_texts

REPO = Path(__file__).resolve().parent.parent


def editor_settings() -> str:
    schemas = {f"./schema/json/{name}.schema.json": pattern for name, pattern in SCHEMA_FILES.items()}
    settings = {
        "yaml.schemas": schemas,
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "files.encoding": "utf8",
        "editor.insertSpaces": True,
        "[yaml]": {"editor.tabSize": 2, "editor.insertSpaces": True},
    }
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    folder = REPO / "schema" / "json"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.schema.json"):
        stale.unlink()
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
    (REPO / ".vscode").mkdir(exist_ok=True)
    (REPO / ".vscode" / "settings.json").write_text(editor_settings(), encoding="utf-8")
    print(f"{len(schema_texts())} schémas écrits dans schema/json/ et .vscode/settings.json mis à jour.")


if __name__ == "__main__":
    main()
