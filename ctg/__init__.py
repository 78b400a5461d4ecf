"""ctg: load, validate and publish a Convention Territoriale Globale (CTG).

The territory and the convention (names, period, the agglomération's id) come from content
(content/referentiels/territoire.yaml), never from the code.

Pipeline: content/ (YAML) → load and validate (content, resolve) → resolved model (model.Site)
→ generated pages (pages) → rendered by MkDocs through thin hooks (mkdocs_hooks/).
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent  # the code's own repository (schemas, templates)
DEFAULT_CONTENT = REPO_ROOT / "content"


def find_repository(start: Path | None = None) -> Path | None:
    """The repository an editor stands in: the nearest folder, upwards, holding mkdocs.yml and content/.

    Not the folder this package was installed from: two clones may share one virtual environment.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "content").is_dir():
            return folder
    return None
