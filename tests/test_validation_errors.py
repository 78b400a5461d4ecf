"""Each class of bad input gives a French error at the right file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctg.pipeline import check_content
from fixtures import copy_content, edit, run_ctg


def diagnostics(root: Path):
    site, found = check_content(root)
    return found


def only(root: Path):
    found = diagnostics(root)
    assert len(found) == 1, [d.human() for d in found]
    return found[0]


def test_minimal_content_is_valid(content):
    site, found = check_content(content)
    assert found == []
    assert site is not None and list(site.fiches) == [1]


def test_yaml_syntax_error_points_at_the_colon(content):
    edit(content / "fiches/fiche-01.yaml", "titre: Fiche d'essai", "titre: Public cible : les familles")
    d = only(content)
    assert d.path.endswith("fiches/fiche-01.yaml")
    assert (d.line, d.column) == (2, 21)
    assert "syntaxe YAML" in d.message and "guillemets" in d.message


def test_a_fiche_without_its_place_in_the_source_is_refused(content):
    edit(content / "fiches/fiche-01.yaml", "source:\n  lignes: 4986-5093\n  partie: Annexe 4, fiche action n°1\n", "")
    d = only(content)
    assert d.path.endswith("fiche-01.yaml")
    assert d.message == "champ obligatoire manquant : « source »"


def test_a_note_naming_an_unknown_cell_of_a_table_is_refused(tmp_path):
    content = copy_content(tmp_path / "content")
    path = edit(content / "chiffres/revenus-emploi-2021.yaml",
        '      - {ligne: "Total GCTM", colonne: menages-fiscaux}',
        '      - {ligne: "Total CTGM", colonne: menages-fiscaux}',
    )
    d = only(content)
    assert d.path.endswith("revenus-emploi-2021.yaml")
    assert path.read_text(encoding="utf-8").splitlines()[d.line - 1].strip().startswith("- {ligne: \"Total CTGM\"")
    assert d.message == "aucune ligne « Total CTGM » dans le tableau"


def test_tab_indentation_is_explained(content):
    edit(content / "fiches/fiche-01.yaml", "  - Les familles", "\t- Les familles")
    d = only(content)
    assert d.line == 12
    assert "tabulation interdite" in d.message


def test_missing_required_field(content):
    edit(content / "fiches/fiche-01.yaml", "titre: Fiche d'essai\n", "")
    d = only(content)
    assert d.path.endswith("fiche-01.yaml")
    assert d.line == 1
    assert d.message == "champ obligatoire manquant : « titre »"


def test_missing_field_inside_a_list_points_at_the_item(content):
    edit(content / "fiches/fiche-01.yaml", "    intitule: Un objectif\n", "")
    d = only(content)
    assert d.line == 7  # the « - numero: "1.1" » item
    assert "« intitule »" in d.message


def test_unknown_field_points_at_the_key_and_lists_the_allowed_ones(content):
    edit(content / "fiches/fiche-01.yaml", "thematique: petite-enfance\n", "thematique: petite-enfance\nthematiqe: oups\n")
    d = only(content)
    assert (d.line, d.column) == (4, 1)
    assert d.message.startswith("champ inconnu « thematiqe »")
    assert "thematique" in d.message.split("champs possibles :")[1]


def test_wrong_type_text_instead_of_number(content):
    edit(content / "fiches/fiche-01.yaml", "numero: 1", "numero: premier")
    d = only(content)
    assert (d.line, d.column) == (1, 9)
    assert d.message == "nombre entier attendu, « premier » trouvé"


def test_a_value_outside_its_vocabulary_lists_the_allowed_ones_in_french(content):
    """Pydantic joins the allowed values with an English « or »: the message says « ou »."""
    edit(content / "acteurs/caf.yaml", "type: institution", "type: institutionnel")
    d = only(content)
    assert d.path.endswith("acteurs/caf.yaml")
    assert (d.line, d.column) == (4, 7)
    assert d.message == (
        "valeur non autorisée « institutionnel » ; valeurs possibles : 'institution', 'etat', 'collectivite', "
        "'agglomeration', 'service', 'association', 'entreprise', 'dispositif', 'reseau' ou 'collectif'"
    )


def test_wrong_type_list_instead_of_text(content):
    edit(content / "fiches/fiche-01.yaml", "titre: Fiche d'essai", "titre:\n  - Fiche\n  - d'essai")
    d = only(content)
    assert d.line == 3
    assert d.message == "texte attendu, une liste trouvé"


def test_unquoted_postal_code_with_leading_zero_stays_text(content):
    """YAML 1.1 would read 06250 as the octal number 3240: here it stays the text « 06250 »."""
    edit(content / "equipements/marck.yaml", 'code_postal: "62730"\n        ville: MARCK\n    implantations', "code_postal: 06250\n        ville: MOUGINS\n    implantations")
    site, found = check_content(content)
    assert found == []
    assert site.equipements["marck-rpe"].equipement.gestionnaire.adresse.code_postal == "06250"


def test_leading_zero_in_a_number_field_is_refused(content):
    edit(content / "fiches/fiche-01.yaml", "numero: 1", "numero: 01")
    d = only(content)
    assert (d.line, d.column) == (1, 9)
    assert "commence par un zéro" in d.message


def test_non_stays_a_word(content):
    edit(content / "fiches/fiche-01.yaml", "  - Un résultat", "  - non")
    site, found = check_content(content)
    assert found == []
    assert site.fiches[1].resultats_attendus[0].texte == "non"


def test_duplicate_key(content):
    edit(content / "fiches/fiche-01.yaml", "titre: Fiche d'essai\n", "titre: Fiche d'essai\ntitre: Autre titre\n")
    d = only(content)
    assert (d.line, d.column) == (3, 1)
    assert "clé « titre » en double (déjà définie ligne 2)" in d.message


def test_dangling_reference_to_an_actor(content):
    edit(content / "fiches/fiche-01.yaml", "acteurs: [caf]", "acteurs: [cnaf]")
    d = only(content)
    assert d.path.endswith("fiche-01.yaml")
    assert (d.line, d.column) == (20, 15)
    assert "acteur inconnu(e) « cnaf »" in d.message


def test_dangling_reference_to_a_commune(content):
    edit(content / "equipements/marck.yaml", "collectivite: marck", "collectivite: mark")
    found = diagnostics(content)
    messages = [d.message for d in found]
    assert any("collectivité inconnue « mark »" in m for m in messages)
    assert all(d.line == 1 for d in found)


def test_duplicate_fiche_number(content):
    text = (content / "fiches/fiche-01.yaml").read_text(encoding="utf-8")
    (content / "fiches/fiche-02.yaml").write_text(text, encoding="utf-8")
    found = diagnostics(content)
    duplicate = [d for d in found if "numéro de fiche « 1 » en double" in d.message]
    assert len(duplicate) == 1
    assert duplicate[0].path.endswith("fiche-02.yaml") and duplicate[0].line == 1
    assert "fiche-01.yaml" in duplicate[0].message


def test_duplicate_actor_id(content):
    (content / "acteurs/caf-bis.yaml").write_text("id: caf\nnom: CAF\ntype: institution\n", encoding="utf-8")
    found = [d for d in diagnostics(content) if "identifiant d'acteur « caf » en double" in d.message]
    assert len(found) == 1
    # The second file read (alphabetical order) is reported, naming the first one.
    assert found[0].path.endswith("acteurs/caf.yaml") and found[0].line == 1
    assert "caf-bis.yaml" in found[0].message


def test_empty_file(content):
    (content / "fiches/fiche-01.yaml").write_text("", encoding="utf-8")
    d = only(content)
    assert (d.line, d.column) == (1, 1)
    assert d.message.startswith("fichier vide")


def test_list_instead_of_mapping(content):
    (content / "fiches/fiche-01.yaml").write_text("- numero: 1\n- titre: x\n", encoding="utf-8")
    d = only(content)
    assert d.line == 1
    assert "le fichier contient une liste" in d.message


def test_non_utf8_bytes(content):
    path = content / "fiches/fiche-01.yaml"
    path.write_bytes(path.read_bytes().replace("Un contexte".encode(), b"Un contexte \xe9t\xe9"))
    d = only(content)
    assert d.line == 5
    assert "pas en UTF-8 (octet 0xE9 invalide)" in d.message


def test_alias_bomb_is_refused_before_expansion(content):
    bomb = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n"
    for letter, previous in zip("bcdefghi", "abcdefgh"):
        bomb += f"{letter}: &{letter} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"
    (content / "fiches/fiche-01.yaml").write_text(bomb, encoding="utf-8")
    d = only(content)
    assert (d.line, d.column) == (1, 4)
    assert "ancre YAML « &a » refusée" in d.message


def test_objective_numbers_must_follow_the_fiche(content):
    edit(content / "fiches/fiche-01.yaml", 'numero: "1.1"', 'numero: "2.1"')
    d = only(content)
    assert d.line == 7
    assert "l'objectif « 2.1 » ne correspond pas à la fiche n°1" in d.message


def test_file_outside_known_folders(content):
    (content / "brouillons").mkdir()
    (content / "brouillons/note.yaml").write_text("a: b\n", encoding="utf-8")
    d = only(content)
    assert "hors des dossiers connus" in d.message


def test_every_error_is_reported_at_once(content):
    edit(content / "fiches/fiche-01.yaml", "numero: 1", "numero: premier")
    edit(content / "communes/marck.yaml", "nom: Marck\n", "")
    (content / "acteurs/vide.yaml").write_text("", encoding="utf-8")
    found = diagnostics(content)
    assert {Path(d.path).name for d in found} == {"fiche-01.yaml", "marck.yaml", "vide.yaml"}


@pytest.mark.parametrize("fmt", ["humain", "github"])
def test_cli_reports_in_french_without_traceback(content, fmt):
    edit(content / "fiches/fiche-01.yaml", "numero: 1", "numero: premier")
    result = run_ctg("check", str(content), "--format", fmt)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    if fmt == "github":
        assert "::error file=" in result.stdout and ",line=1,col=9::nombre entier attendu" in result.stdout
    else:
        assert "fiche-01.yaml:1:9: nombre entier attendu, « premier » trouvé" in result.stdout
    assert "1 erreur" in result.stderr


def test_cli_success_message(content):
    result = run_ctg("check", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    # Warnings (publisher still to fill in) come first; the summary is the last line.
    assert result.stdout.splitlines()[-1].startswith("ctg check : contenu valide — 1 fiche, 0 enjeu, 1 équipement, 3 acteurs, 1 commune")


def test_cli_missing_folder(tmp_path):
    result = run_ctg("check", str(tmp_path / "absent"))
    assert result.returncode == 1
    assert "dossier de contenu introuvable" in result.stdout


def test_a_broken_file_is_reported_once_not_through_its_consequences(tmp_path):
    content = copy_content(tmp_path / "content")
    edit(content / "fiches/fiche-01.yaml", "numero: 1\n", "numero: un\n")
    edit(content / "acteurs/caf.yaml", "type: institution", "type: organisme")
    found = diagnostics(content)
    assert [Path(d.path).name for d in found] == ["caf.yaml", "fiche-01.yaml"], [d.human() for d in found]


@pytest.mark.parametrize("depth", [60, 20_000, 300_000])
def test_deep_nesting_is_refused_with_its_place(content, depth):
    """A file nested thousands of levels deep (« a: [[[[… ») once crashed the reader."""
    (content / "fiches/fiche-01.yaml").write_text("numero: 1\ntitre: [" + "[" * depth + "]" * (depth + 1) + "\n", encoding="utf-8")
    d = only(content)
    assert (d.line, d.column) == (2, 57)  # the 50th bracket: with the file itself, 51 levels
    assert "imbrication trop profonde : plus de 50 niveaux" in d.message


def test_deep_nesting_is_reported_by_the_command_without_traceback(content):
    (content / "fiches/fiche-01.yaml").write_text("a: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    result = run_ctg("check", str(content))
    assert result.returncode == 1
    assert "fiche-01.yaml:1:" in result.stdout and "imbrication trop profonde" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr and "inattendue" not in result.stderr


@pytest.mark.parametrize("character", ["\x1b", "\x80", "\x02", "\u202e", "\x7f"])
def test_invisible_characters_are_refused_in_texts(content, character):
    """They could hide text in a terminal, break a page's metadata or fake raw HTML placeholders."""
    # Written as a YAML escape inside double quotes (the reader refuses most of them typed raw).
    escape = {"\x1b": "\\e", "\x80": "\\x80", "\x02": "\\x02", "\u202e": "\\u202e", "\x7f": "\\x7f"}[character]
    edit(content / "fiches/fiche-01.yaml", "  - Un contexte à Marck en Calaisis.", f'  - "Un contexte{escape} à Marck"')
    d = only(content)
    assert d.line == 5 and f"caractère invisible U+{ord(character):04X} interdit (position 12 du texte)" in d.message
    assert character not in d.human()


@pytest.mark.parametrize("character", ["\x1b", "\x80", "\x02"])
def test_invisible_characters_typed_raw_are_refused_at_their_place(content, character):
    edit(content / "fiches/fiche-01.yaml", "Un contexte à Marck", f"Un contexte{character} à Marck")
    d = only(content)
    assert (d.line, d.column) == (5, 16) and d.message == f"caractère invisible U+{ord(character):04X} interdit : retirez-le"


def test_a_glossary_acronym_is_letters_and_digits(content):
    edit(content / "referentiels/glossaire.yaml", "sigle: CAF", 'sigle: "CAF {: autofocus onfocus=alert(1) }"')
    assert "sigle invalide « CAF {: autofocus onfocus=alert(1) } »" in only(content).message


def test_a_huge_number_gets_a_french_message(content):
    edit(content / "fiches/fiche-01.yaml", "numero: 1\n", f"numero: {'9' * 5000}\n")
    d = only(content)
    assert d.line == 1 and "nombre trop grand « 999999999999… » (5000 chiffres)" in d.message


PRACTICAL = """\
    infos_pratiques:
      telephone: "03 21 00 00 00"
      courriel: relais@exemple.fr
      horaires: Lundi et jeudi, 9 h - 12 h
      places: {nombre: "12", source: "agrément PMI"}
      verifie_le: "2026-11-30"
      source: Relais des P'tits Meuniers, par téléphone
"""


def _add_practical(content: Path, text: str = PRACTICAL) -> None:
    edit(content / "equipements/marck.yaml", "    implantations:\n", text + "    implantations:\n")


def test_practical_details_are_optional_and_validated(content):
    _add_practical(content)
    site, found = check_content(content)
    assert found == [], [d.human() for d in found]
    infos = site.equipements["marck-rpe"].equipement.infos_pratiques
    assert infos.places.nombre == 12 and infos.verifie_le == "2026-11-30"


@pytest.mark.parametrize(
    "old, new, expected, line",
    [
        ('telephone: "03 21 00 00 00"', 'telephone: "321"', "numéro de téléphone français attendu", 16),
        ("courriel: relais@exemple.fr", "courriel: relais-at-exemple", "adresse électronique attendue", 17),
        ('verifie_le: "2026-11-30"', 'verifie_le: "30/11/2026"', "AAAA-MM-JJ", 20),
        ('      verifie_le: "2026-11-30"\n', "", "champ obligatoire manquant : « verifie_le »", 15),
    ],
)
def test_bad_practical_details_are_reported_at_their_line(content, old, new, expected, line):
    _add_practical(content, PRACTICAL.replace(old, new))
    d = only(content)
    assert d.path.endswith("equipements/marck.yaml")
    assert expected in d.message
    assert d.line == line, d.human()


def test_practical_details_are_shown_apart_and_dated(content):
    from ctg.pages import generate_pages

    _add_practical(content)
    site, _ = check_content(content)
    services = next(p for p in generate_pages(site) if p.path == "services/index.md")
    assert "Informations pratiques (hors convention)" in services.body
    assert 'href="tel:0321000000"' in services.body and "30 novembre 2026" in services.body
    assert "12 (source : agrément PMI)" in services.body


@pytest.mark.parametrize("expected, french", [
    ("'bloque' or 'en-retard'", "'bloque' ou 'en-retard'"),
    ("'a', 'b' or 'c'", "'a', 'b' ou 'c'"),
    ("'x' or 'a or b'", "'x' ou 'a or b'"),  # an « or » inside a value stays
    ("'a or b' or 'x'", "'a or b' ou 'x'"),
    ("1 or 2", "1 ou 2"),
    ("'seul'", "'seul'"),
])
def test_the_allowed_values_are_joined_with_ou(expected, french):
    from ctg.messages import translate

    error = {"type": "literal_error", "loc": ("statut",), "input": "fini", "ctx": {"expected": expected}}
    assert translate(error, object) == (f"valeur non autorisée « fini » ; valeurs possibles : {french}", False)
