"""ctg: load, validate and publish the Convention Territoriale Globale of Grand Calais Terres & Mers.

Pipeline: content/ (YAML) → load and validate (content, resolve) → resolved model (model.Site)
→ generated pages (pages) → rendered by MkDocs through thin hooks (mkdocs_hooks/).
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = REPO_ROOT / "content"
