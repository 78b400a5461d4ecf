"""Test helpers, imported by name (``from fixtures import copy_content, edit``): the repository's
paths, a small valid content tree, one way to copy the real content and one way to edit a file.

Pytest fixtures (``content``, ``built_site``, ``browser``) are in conftest.py and use these helpers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SOURCE = REPO / "source" / "000_e530bf7b912365ce.txt"  # versioned copy of ../shared/seeds/
# A second, synthetic territory (tests/fixtures/autre-territoire/content): the same code must publish it.
AUTRE_TERRITOIRE = REPO / "tests" / "fixtures" / "autre-territoire" / "content"

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
nom_court: Essai
sigle: AE
acteur: agglo
periode: 2025-2029
signataires_en_bref: la CAF et l'agglomération d'essai
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
  - id: un-indicateur
    texte: Un indicateur
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


def write_content(destination: Path, files: dict[str, str] | None = None) -> Path:
    """A content tree made of ``files`` (relative path → text), by default the minimal valid one."""
    for relative, text in (MINIMAL_CONTENT if files is None else files).items():
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return destination


def copy_content(destination: Path, source: Path = CONTENT) -> Path:
    """A copy of the real content (or of ``source``) to change in a test; returns the copy's root."""
    shutil.copytree(source, destination)
    return destination


def edit(path: Path, old: str, new: str, *, every: bool = False) -> Path:
    """Replace ``old`` by ``new`` in a file (its first occurrence, or ``every`` one), failing when
    ``old`` is not there: a test whose edit silently does nothing would test nothing."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"« {old} » absent de {path}"
    path.write_text(text.replace(old, new, -1 if every else 1), encoding="utf-8")
    return path


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
