"""The real content: complete, consistent, and faithful to the source text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctg.pipeline import check_content
from fixtures import CONTENT, SOURCE
from sourcetext import numbers, source_lines, words, yaml_text

# Where each fiche stands in the OCR source (from its « Thématique : » line to the next one).
FICHE_LINES = {
    1: (4986, 5093), 2: (5094, 5209), 3: (5210, 5323), 4: (5324, 5407), 5: (5408, 5521),
    6: (5522, 5618), 7: (5619, 5709), 8: (5710, 5819), 9: (5820, 5914), 10: (5915, 5996),
    11: (5997, 6076), 12: (6077, 6162), 13: (6163, 6232), 14: (6233, 6315), 15: (6316, 6378),
    16: (6379, 6425), 17: (6426, 6477), 18: (6478, 6625), 19: (6626, 6739), 20: (6740, 6805),
    21: (6806, 6883), 22: (6884, 6928), 23: (6929, 7032), 24: (7033, 7115),
}
# Words of the source that a faithful transcription does not repeat: table labels the page
# renders itself, and OCR misreadings that the transcription corrects.
LABELS = {"thematique", "thematiques", "orientation", "objectif", "transversale", "champs", "gouvernance"}
OCR_MISREADINGS = {
    "linstar", "ceuvrant", "agesde", "linformation", "apercgoit", "gargons", "nhombreux", "perimeetre",
    "chague", "lacpam", "mangue", "nabitat", "politiqgue", "lillectronisme", "lnnovation", "phenomeenes",
    "conseill", "iutilisation",
}
# Numbers of the source that belong to the SDSF period (shown from the referential) or that the
# OCR cut across two lines (« 7 / 096 » bénéficiaires).
NUMBERS_ELSEWHERE = {"2023", "2026", "096", "7"}


@pytest.fixture(scope="module")
def site():
    site, diagnostics = check_content(CONTENT)
    assert diagnostics == [], "\n".join(d.human() for d in diagnostics)
    return site


def test_real_content_is_valid(site):
    assert site is not None


def test_every_fiche_from_1_to_24_exists_once(site):
    assert sorted(site.fiches) == list(range(1, 25))
    files = sorted(p.name for p in (CONTENT / "fiches").glob("*.yaml"))
    assert files == [f"fiche-{n:02d}.yaml" for n in range(1, 25)]


# Required fields, objective numbers and references to acteurs are guaranteed by the schema and the
# resolver (test_real_content_is_valid): only what they cannot say is tested here.
@pytest.mark.parametrize("numero", range(1, 25))
def test_every_fiche_has_actions_and_a_calendar_or_says_why(site, numero):
    fiche = site.fiches[numero]
    assert any(o.actions for o in fiche.objectifs) or fiche.actions, f"fiche {numero} sans action"
    if not fiche.calendrier:
        assert any(n.champ == "calendrier" for n in fiche.notes_source), "calendrier absent sans note"


@pytest.mark.parametrize("numero", sorted(FICHE_LINES))
def test_fiche_keeps_every_word_and_number_of_the_source(numero):
    """A lost paragraph, a dropped indicator or a changed number shows up here."""
    first, last = FICHE_LINES[numero]
    source = source_lines(SOURCE, first, last)
    transcribed = yaml_text(CONTENT / "fiches" / f"fiche-{numero:02d}.yaml")
    source_words = words(source)
    missing = source_words - words(transcribed) - LABELS - OCR_MISREADINGS
    assert not missing, f"mots de la source absents de la fiche {numero} : {sorted(missing)}"
    missing_numbers = numbers(source) - numbers(transcribed) - NUMBERS_ELSEWHERE
    assert not missing_numbers, f"nombres de la source absents de la fiche {numero} : {sorted(missing_numbers)}"


def test_fiche_titles_are_confirmed_by_the_plan_d_action_table(site):
    table = words(source_lines(SOURCE, 4762, 4985))
    # Words the fiches themselves print in their titles where the table abbreviates (« GCTM »),
    # or that the OCR garbled in the table (« g | o) qUER LES JEUNES » for « IMPLIQUER »).
    known_differences = {"grand", "calais", "terres", "social", "demarches", "administratives", "agglomeration", "impliquer", "locales"}  # fiche 15: « LOCALE » in the table
    for fiche in site.fiches.values():
        unknown = words(fiche.titre) - table - known_differences
        assert not unknown, f"fiche {fiche.numero} : mots du titre absents du plan d'action : {sorted(unknown)}"


def test_each_enjeu_lists_the_fiches_of_the_plan_d_action(site):
    expected = {
        "petite-enfance": [1, 2, 3, 4, 5], "enfance-jeunesse": [6, 7, 8, 9], "parentalite": [10, 11, 12, 13],
        "animation-vie-sociale": [14, 15, 16, 17], "acces-aux-droits": [18, 19], "logement": [20, 21, 22],
        "transversal": [23], "pilotage": [24],
    }
    assert {k: list(e.fiches) for k, e in site.enjeux.items()} == expected
    for thematique, numbers_ in expected.items():
        for numero in numbers_:
            assert site.fiches[numero].thematique == thematique


def test_every_enjeu_has_its_diagnostic_and_enjeux(site):
    for key, enjeu in site.enjeux.items():
        assert enjeu.enjeux, key
        if site.thematiques[key].famille == "thematique":
            assert enjeu.synthese and enjeu.diagnostic_detaille and enjeu.reseaux, key


def test_one_actor_for_every_name_of_the_caf(site):
    caf = site.acteurs["caf"]
    assert caf.sigle == "CAF"
    assert {"Caf", "Caisse d'Allocations Familiales"} <= set(caf.variantes)
    named_caf = [a.id for a in site.acteurs.values() if a.nom.lower().startswith("caisse d'allocations")]
    assert named_caf == ["caf"]


def test_the_fourteen_communes(site):
    assert len(site.communes) == 14
    assert {"marck", "calais", "sangatte-bleriot-plage", "bonningues-les-calais"} <= set(site.communes)


def test_annexe3_lists_recover_their_commune(site):
    listes = site.listes_equipements
    assert set(listes) == {"bonningues-les-calais", "calais", "coquelles", "frethun", "gctm", "hames-boucres", "marck", "sangatte-bleriot-plage"}
    marck = [e.gestionnaire.nom for e in listes["marck"].equipements]
    assert any("Cousteau" in n for n in marck) and any("Mairie de Marck" in n for n in marck)
    assert listes["marck"].entete == "reconstitue" and listes["marck"].notes_source
    assert listes["frethun"].entete == "present"


def test_postal_code_with_leading_zero_is_kept(site):
    bulles = [p.equipement for p in site.equipements.values() if p.equipement.gestionnaire.acteur == "bulles-de-vie"]
    assert bulles and bulles[0].gestionnaire.adresse.code_postal == "06250"


def test_source_remarks_are_kept_word_for_word(site):
    remarks = [r for p in site.equipements.values() for r in p.equipement.remarques]
    assert any("pas de séjour 2023 et 2024" in r for r in remarks)
    assert any("Subvention municipale à partir de 2025" in r for r in remarks)


def test_the_convention_keeps_the_source_numbering_of_its_last_articles(site):
    articles = [d for d in site.textes_de("convention") if d.id.startswith("article-")]
    numbers_ = [d.numero_source for d in articles]
    assert numbers_[-3:] == ["12", "15", "14"]
    recours = site.textes["article-15"]
    assert any(n.type == "numerotation" for n in recours.notes_source)


def test_the_departement_deliberation(site):
    decision = next(d for d in site.deliberations if d.id == "departement-cp-2025-04-22")
    assert decision.numero and "2025-128" in decision.numero
    assert decision.vote.pour == 43 and decision.vote.contre == 0 and decision.vote.abstention == 0
    assert decision.rapport is not None and "53" in decision.rapport.titre


def test_versioned_source_is_the_shared_seed():
    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds" / SOURCE.name
    if not shared.exists():
        pytest.skip("../shared absent sur cette machine : la copie versionnée fait foi")
    assert shared.read_bytes() == SOURCE.read_bytes()
