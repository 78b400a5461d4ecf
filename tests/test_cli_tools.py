"""Editor and reviewer commands: ctg new, ctg diff, ctg export, French help."""

from __future__ import annotations

import subprocess

from fixtures import copy_content, edit, run_ctg
from ctg.pipeline import check_content


def test_new_fiche_takes_the_next_number_and_is_valid_but_flagged(tmp_path):
    content = copy_content(tmp_path / "content")
    result = run_ctg("new", "fiche", "--thematique", "logement", "--titre", "Accompagner les jeunes vers le logement", "--dossier", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (content / "fiches" / "fiche-25.yaml").exists()
    site, diagnostics = check_content(content)
    assert diagnostics == [] and site.fiches[25].thematique == "logement"
    check = run_ctg("check", str(content))
    assert check.returncode == 0
    assert "fiche-25.yaml:" in check.stdout and "avertissement : texte « À compléter »" in check.stdout


def test_new_equipement_goes_into_its_commune_list_with_a_unique_id(tmp_path):
    content = copy_content(tmp_path / "content")
    for _ in range(2):
        result = run_ctg("new", "equipement", "--commune", "marck", "--type-equipement", "laep", "--titre", "Lieu d'essai", "--gestionnaire", "ville-marck", "--dossier", str(content))
        assert result.returncode == 0, result.stdout
    site, diagnostics = check_content(content)
    assert diagnostics == []
    assert {"marck-laep-lieu-d-essai", "marck-laep-lieu-d-essai-2"} <= set(site.equipements)
    assert site.equipements["marck-laep-lieu-d-essai"].collectivite == "marck"


def test_new_equipement_refuses_an_unknown_commune(tmp_path):
    content = copy_content(tmp_path / "content")
    result = run_ctg("new", "equipement", "--commune", "lille", "--type-equipement", "laep", "--titre", "X", "--gestionnaire", "ville-marck", "--dossier", str(content))
    assert result.returncode == 2
    assert "commune inconnue « lille »" in result.stdout


def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_diff_summarises_changes_between_two_revisions(tmp_path):
    repo = tmp_path / "depot"
    copy_content(repo / "content")
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "avant")
    edit(repo / "content/fiches/fiche-01.yaml", "réunion annuelle", "réunion semestrielle", every=True)
    edit(repo / "content/equipements/marck.yaml", "208, Avenue de Verdun", "210, Avenue de Verdun")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "après")
    result = run_ctg("diff", "HEAD~1", "HEAD", "--depot", str(repo), "--format", "markdown")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Fiche action n°1" in out
    assert "réunion annuelle" in out and "réunion semestrielle" in out
    assert "208, Avenue de Verdun" in out and "210, Avenue de Verdun" in out
    assert "Équipement" in out


def test_diff_with_unknown_revision_says_so_in_french(tmp_path):
    result = run_ctg("diff", "revision-qui-n-existe-pas")
    assert result.returncode == 2
    assert "introuvable" in result.stdout and "Traceback" not in result.stderr


def test_export_writes_json_csv_and_schemas(tmp_path):
    result = run_ctg("export", str(tmp_path / "donnees"))
    assert result.returncode == 0, result.stdout
    names = {p.name for p in (tmp_path / "donnees").rglob("*") if p.is_file()}
    assert {"fiches.json", "fiches.csv", "equipements.csv", "chiffres.csv", "trajectoire.csv", "fiche.schema.json", "metadonnees.json"} <= names


def test_help_and_usage_errors_are_in_french():
    result = run_ctg("--aide")
    assert result.returncode == 0 and "vérifier tout le contenu" in result.stdout
    wrong = run_ctg("verifier")
    assert wrong.returncode == 2 and "choix invalide" in wrong.stderr


def test_help_works_with_the_usual_flag_on_every_command():
    for command in ([], ["check"], ["new"], ["diff"], ["export"]):
        for flag in ("--help", "--aide", "-h"):
            result = run_ctg(*command, flag)
            assert result.returncode == 0, (command, flag, result.stderr)
            assert result.stdout.startswith("utilisation : ctg"), result.stdout
            assert "usage" not in result.stdout and "show this help" not in result.stdout


def test_check_defaults_to_the_repository_it_is_run_from(tmp_path):
    """A second clone sharing the same virtual environment checks its own content/, and says which."""
    clone = tmp_path / "autre-clone"
    copy_content(clone / "content")
    (clone / "mkdocs.yml").write_text("site_name: autre\n", encoding="utf-8")
    edit(clone / "content" / "fiches" / "fiche-01.yaml", "numero: 1\n", "numero: un\n")
    inside = clone / "content" / "fiches"  # from a sub-folder too
    result = run_ctg("check", cwd=inside)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"vérification de {clone / 'content'}" in result.stderr
    assert "fiche-01.yaml:1:9: nombre entier attendu" in result.stdout


def test_commands_outside_any_repository_say_so(tmp_path):
    for command in (["check"], ["export", str(tmp_path / "sortie")], ["new", "fiche"]):
        result = run_ctg(*command, cwd=tmp_path)
        assert result.returncode == 2, command
        assert "aucun dépôt de la CTG trouvé" in result.stderr and "Traceback" not in result.stderr


def test_export_neutralises_formula_cells_but_json_keeps_the_text(tmp_path):
    import csv
    import io
    import json

    content = copy_content(tmp_path / "content")
    fiche = content / "fiches" / "fiche-01.yaml"
    text = fiche.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("titre: "))
    edit(fiche, title, 'titre: "=HYPERLINK(""http://exemple.invalid"";""clic"")"'.replace('""', '\\"'))
    result = run_ctg("export", str(tmp_path / "donnees"), "--dossier", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "donnees" / "fiches.csv").read_text(encoding="utf-8"))))
    assert rows[0]["titre"] == "'=HYPERLINK(\"http://exemple.invalid\";\"clic\")"
    assert json.loads((tmp_path / "donnees" / "fiches.json").read_text(encoding="utf-8"))[0]["titre"].startswith("=HYPERLINK")


def test_check_warns_while_the_publisher_is_unfilled_and_refuses_for_publication():
    check = run_ctg("check")
    assert check.returncode == 0
    assert "publication.yaml:" in check.stdout and "avertissement : à compléter avant publication : nom de l'éditeur" in check.stdout
    strict = run_ctg("check", "--publication")
    assert strict.returncode == 1
    assert "le site ne peut pas être publié" in strict.stderr
