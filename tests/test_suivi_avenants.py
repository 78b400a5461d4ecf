"""The follow-up follows the text in force: an objective added by an avenant can be followed, and a
follow-up error under avenants is reported on the follow-up file, not blamed on an avenant."""

from __future__ import annotations

import shutil

import pytest

from conftest import CONTENT, REPO
from ctg.pipeline import check_content

SUIVI = REPO / "tests" / "fixtures" / "suivi"
AVENANTS = REPO / "tests" / "fixtures" / "avenants" / "valides"

SUIVI_FICHE_3 = """# Données synthétiques de test.
fiche: 3
points:
  - revue: "2026-06-30"
    objectifs:
      - objectif: "{objectif}"
        statut: en-cours
"""


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("CTG_DATE_DU_JOUR", "2027-12-31")


def content_with(tmp_path, objectif: str):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    shutil.copytree(AVENANTS, root, dirs_exist_ok=True)
    for path in SUIVI.glob("*.yaml"):
        shutil.copy(path, root / "suivi" / path.name)
    (root / "suivi" / "fiche-03.yaml").write_text(SUIVI_FICHE_3.format(objectif=objectif), encoding="utf-8")
    return root


def test_an_objective_added_by_an_avenant_can_be_followed(tmp_path):
    site, found = check_content(content_with(tmp_path, "3.9"))
    assert found == [], found
    assert "3.9" in {o.numero for o in site.fiches[3].objectifs}
    assert 3 in site.suivi.fiches


def test_a_follow_up_error_under_avenants_points_at_the_follow_up_file(tmp_path):
    site, found = check_content(content_with(tmp_path, "3.99"))
    assert site is None
    assert found, "l'objectif inconnu doit être refusé"
    assert all(d.path.endswith("suivi/fiche-03.yaml") for d in found), [str(d) for d in found]
    assert any("3.99" in d.message for d in found), [d.message for d in found]
