"""Totals recomputed by ctg/controles.py: pure functions of one table, tested without any file."""

from __future__ import annotations

from decimal import Decimal

from ctg.controles import half_unit, table_controles, trajectoire_controles
from schema import TableauChiffres, Trajectoire
from schema.chiffres import Colonne


def _table(**extra) -> TableauChiffres:
    data = {
        "id": "essai",
        "titre": "Essai",
        "theme": "population",
        "source": "INSEE",
        "colonnes": [
            {"id": "habitants", "libelle": "Habitants", "unite": "habitants"},
            {"id": "part", "libelle": "Part", "unite": "%"},
            {"id": "surface", "libelle": "Surface", "unite": "km²"},
            {"id": "densite", "libelle": "Densité", "unite": "hab/km²"},
        ],
        "lignes": [
            {"libelle": "A", "valeurs": {"habitants": "100", "part": "40", "surface": "2", "densite": "50"}},
            {"libelle": "B", "valeurs": {"habitants": "150", "part": "60", "surface": "3", "densite": "50"}},
            {"libelle": "Total", "role": "total", "valeurs": {"habitants": "250"}},
        ],
    }
    data.update(extra)
    return TableauChiffres.model_validate(data)


def test_a_column_total_matches_its_rows():
    [check] = table_controles(_table(controles=[{"colonne": "habitants", "total": "Total"}]))
    assert check.computed == Decimal(250) and check.printed == Decimal(250) and check.matches and check.conclusive
    assert check.tolerance == 0  # whole counts are exact


def test_shares_add_up_to_100_within_their_rounding():
    [check] = table_controles(_table(controles=[{"colonne": "part"}]))
    assert check.total_label == "100 %" and check.matches and check.tolerance == Decimal("1.0")  # two shares, each rounded to ±0.5


def test_a_wrong_total_is_a_conclusive_gap():
    table = _table(controles=[{"colonne": "habitants", "total": "Total"}])
    table = table.model_copy(update={"lignes": table.lignes[:1] + table.lignes[2:]})
    [check] = table_controles(table)
    assert check.computed == Decimal(100) and not check.matches and check.conclusive


def test_a_ratio_is_recomputed_in_each_row():
    checks = table_controles(_table(rapports=[{"colonne": "densite", "numerateur": "habitants", "denominateur": "surface", "facteur": 1}]))
    assert [(c.row, c.computed, c.matches) for c in checks] == [("A", Decimal(50), True), ("B", Decimal(50), True)]


def test_a_row_sum_is_checked_in_each_row():
    checks = table_controles(_table(sommes_lignes=[{"parties": ["part", "part"]}]))
    assert [c.kind for c in checks] == ["ligne", "ligne"] and not any(c.matches for c in checks)


def test_half_unit_of_a_measure_and_of_a_count():
    measure = Colonne(id="part", libelle="Part", unite="%")
    count = Colonne(id="n", libelle="Nombre", unite="habitants")
    row = _table().lignes[0]
    assert half_unit(row.valeurs["part"], measure) == Decimal("0.5")
    assert half_unit(row.valeurs["habitants"], count) == 0


def test_trajectory_totals_by_year_with_an_unreadable_value():
    trajectoire = Trajectoire.model_validate(
        {
            "autorite": "essai",
            "intitule_source": "Autorité : essai",
            "annees": [2026, 2027],
            "lignes": [
                {"nom_source": "Crèche A", "places": {2026: "10", 2027: {"lu": "l2"}}},
                {"nom_source": "Crèche B", "places": {2026: "5", 2027: "5"}},
            ],
            "total_source": {2026: "15", 2027: "17"},
        }
    )
    first, second = trajectoire_controles(trajectoire)
    assert first.table == "trajectoire-essai" and first.column == "2026" and first.matches
    assert second.computed == Decimal(5) and second.unreadable == 1 and not second.conclusive
