"""Measure (not a test): what the avenants and the page histories cost when a build is prepared.

Prepares the build (load, validate, consolidate, generate every page, read the history from git)
on the real content, without avenant, and with the synthetic avenants of tests/fixtures/avenants/
valides/ laid over it; then times the history alone (one `git log --raw` + one `git cat-file --batch`).

Usage: .venv/bin/python tools/bench_avenants.py [--repetitions 5] [--mkdocs]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ctg import build as ctg_build  # noqa: E402
from ctg.historique import read_history  # noqa: E402

HANDWRITTEN = {"accueil": "index.md", "donnees": "donnees.md", "a-propos": "a-propos/index.md"}


def median_seconds(function, repetitions: int) -> float:
    durations = []
    for _ in range(repetitions):
        start = time.perf_counter()
        function()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations)


def main() -> None:
    parser = argparse.ArgumentParser(description="Coût des avenants et de l'historique à la préparation du site.")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--mkdocs", action="store_true", help="mesurer aussi « mkdocs build » complet (plus long)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        with_avenants = Path(temporary) / "content"
        shutil.copytree(REPO / "content", with_avenants)
        for folder in (REPO / "tests" / "fixtures" / "avenants" / "valides").iterdir():
            if folder.is_dir():
                shutil.copytree(folder, with_avenants / folder.name, dirs_exist_ok=True)
        rows = []
        for label, content in (("sans avenant (contenu réel)", REPO / "content"), ("avec 2 avenants de test (6 modifications)", with_avenants)):
            seconds = median_seconds(lambda: ctg_build.prepare(content, REPO, HANDWRITTEN), arguments.repetitions)
            pages = len(ctg_build.current().pages)
            rows.append((f"Préparation du site, {label}", f"{seconds:.2f} s", f"{pages} pages"))
        history = median_seconds(lambda: read_history(REPO), arguments.repetitions)
        found = read_history(REPO)
        rows.append(("Historique seul (git log --raw + git cat-file --batch)", f"{history:.2f} s", f"{sum(len(v) for v in found.events.values())} changements classés"))
        if arguments.mkdocs:
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            for label, content in (("sans avenant", REPO / "content"), ("avec 2 avenants de test", with_avenants)):
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(Path(temporary) / "site")],
                    cwd=REPO, env={**env, "CTG_CONTENU": str(content)}, check=True, capture_output=True,
                )
                rows.append((f"mkdocs build --strict, {label}", f"{time.perf_counter() - start:.1f} s", ""))
    print("| Mesure | Durée (médiane) | Détail |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
