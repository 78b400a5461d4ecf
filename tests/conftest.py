"""Shared fixtures: a small valid content tree to break on purpose, and one real site build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SOURCE = REPO / "source" / "000_e530bf7b912365ce.txt"  # versioned copy of ../shared/seeds/

MINIMAL_CONTENT: dict[str, str] = {
    "referentiels/thematiques.yaml": """\
thematiques:
  - id: petite-enfance
    nom: Petite enfance
    ordre: 1
    famille: thematique
""",
    "referentiels/sdsf.yaml": """\
nom: SDSF
periode: 2023-2026
orientations:
  - id: offre-de-service
    texte: Intensifier le développement de l'offre
""",
    "referentiels/glossaire.yaml": """\
entrees:
  - sigle: CAF
    definition: Caisse d'Allocations Familiales
    origine: convention
""",
    "referentiels/territoire.yaml": """\
nom: Agglomération d'essai
sigle: AE
acteur: agglo
""",
    "communes/marck.yaml": """\
id: marck
nom: Marck
variantes:
  - Marck en Calaisis
codes_postaux:
  - "62730"
mairie: ville-marck
""",
    "acteurs/agglo.yaml": "id: agglo\nnom: Agglomération d'essai\ntype: agglomeration\n",
    "acteurs/ville-marck.yaml": "id: ville-marck\nnom: Ville de Marck\ntype: collectivite\ncommune: marck\n",
    "acteurs/caf.yaml": "id: caf\nnom: Caisse d'Allocations Familiales\nsigle: CAF\ntype: institution\n",
    "fiches/fiche-01.yaml": """\
numero: 1
titre: Fiche d'essai
thematique: petite-enfance
contexte:
  - Un contexte à Marck en Calaisis.
objectifs:
  - numero: "1.1"
    intitule: Un objectif
    actions:
      - Une action
publics:
  - Les familles
calendrier:
  - Période de la CTG 2025-2029
pilotes:
  - libelle: Chargée de coopération — Ville de Marck
    acteurs: [ville-marck]
partenaires:
  - libelle: Caisse d'Allocations Familiales
    acteurs: [caf]
resultats_attendus:
  - Un résultat
indicateurs:
  - Un indicateur
source:
  lignes: 4986-5093
  partie: Annexe 4, fiche action n°1
""",
    "equipements/marck.yaml": """\
collectivite: marck
entete: reconstitue
equipements:
  - id: marck-rpe
    type: rpe
    intitule_type: RPE
    nom: Les P'tits Meuniers
    gestionnaire:
      nom: Mairie de Marck
      acteur: ville-marck
      adresse:
        voie: 2, Place de l'Europe
        code_postal: "62730"
        ville: MARCK
    implantations:
      - adresse:
          voie: 208, Avenue de Verdun
          code_postal: "62730"
          ville: MARCK
""",
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A minimal valid content tree in a temporary folder."""
    root = tmp_path / "content"
    for relative, text in MINIMAL_CONTENT.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def run_ctg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The ctg command as an editor runs it (a real process: exit code and output)."""
    return subprocess.run(
        [sys.executable, "-m", "ctg", *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def build_site(destination: Path, config: Path | None = None, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(destination)]
    if config:
        command += ["--config-file", str(config)]
    return subprocess.run(
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with --strict for every test that reads HTML."""
    destination = tmp_path_factory.mktemp("site")
    result = build_site(destination)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return destination


def copy_content(destination: Path) -> Path:
    shutil.copytree(CONTENT, destination)
    return destination


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium manque : lancez « make test », qui l'installe (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
