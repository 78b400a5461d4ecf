"""No territory in the code: a second, synthetic territory (tests/fixtures/autre-territoire) is
published by the same code, and nothing of the real territory leaks into its pages or its data."""

from __future__ import annotations

import json
import re

import pytest

from ctg.opendata import datasets, write_exports
from ctg.pages import generate_pages
from ctg.pipeline import check_content
from fixtures import AUTRE_TERRITOIRE, copy_content, run_ctg

# The real territory: its names, its communes, its agglomération's id, its period.
REAL = re.compile(r"calais|marck|gctm|terres (&|&amp;) mers|2025|2029", re.IGNORECASE)


@pytest.fixture(scope="module")
def site():
    site, diagnostics = check_content(AUTRE_TERRITOIRE)
    assert diagnostics == [], [d.human() for d in diagnostics]
    return site


def test_the_other_territory_is_valid_and_resolved(site):
    assert site.agglomeration_id == "ccve" and set(site.communes) == {"bourg-sur-essai", "hameau"}
    assert site.communes_par_fiche[1] == ["bourg-sur-essai", "hameau"]
    assert site.equipements["ccve-rpe"].communes == ("hameau",)


def test_its_pages_name_it_and_nothing_of_the_real_territory(site):
    pages = generate_pages(site)
    assert pages
    for page in pages:
        text = page.markdown()
        leaked = REAL.findall(text)
        assert not leaked, f"{page.path} : {leaked}"
    by_path = {page.path: page for page in pages}
    assert "# Les communes de Val d'Essai" in by_path["communes/index.md"].body
    assert by_path["communes/index.md"].description == "Les 2 communes de Val d'Essai et l'agglomération."
    assert "2026-2030" in by_path["plan-action/index.md"].body
    assert "signée entre la CAF de l'Essai, la communauté de communes" in by_path["convention/index.md"].body


def test_its_open_data_name_it(site, tmp_path):
    files = datasets(site)
    for name, text in files.items():
        if not name.startswith("schemas/"):  # the schemas' descriptions give real examples
            assert not REAL.findall(text), name
    write_exports(site, tmp_path, {})
    metadata = json.loads((tmp_path / "metadonnees.json").read_text(encoding="utf-8"))
    assert metadata["titre"] == "Convention Territoriale Globale 2026-2030 de Val d'Essai — données"


def test_ctg_new_uses_its_agglomeration_and_period(tmp_path):
    content = copy_content(tmp_path / "content", AUTRE_TERRITOIRE)
    result = run_ctg("new", "fiche", "--thematique", "jeunesse", "--titre", "Une fiche", "--dossier", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    text = (content / "fiches" / "fiche-02.yaml").read_text(encoding="utf-8")
    assert "acteurs: [ccve]" in text and "Période de la CTG 2026-2030" in text
    result = run_ctg("new", "equipement", "--commune", "ccve", "--type-equipement", "laep", "--titre", "Lieu", "--gestionnaire", "ccve", "--dossier", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    site, diagnostics = check_content(content)
    assert diagnostics == [] and "ccve-laep-lieu" in site.equipements
