"""History of the pages in words a partner reads (ctg/historique.py), on synthetic commits.

The contents are in tests/fixtures/historique/ (invented, never in content/): each test commits them in
turn in a temporary git repository and reads the history as the site does.
"""

from __future__ import annotations

import shutil
import subprocess
import typing
from pathlib import Path

from pydantic import BaseModel

from ctg.historique import read_history
from ctg.kinds import KINDS
from schema.libelles import CHAMPS

FIXTURES = Path(__file__).parent / "fixtures" / "historique"


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=Essai", "-c", "user.email=essai@example.org", *args],
        check=True, capture_output=True, timeout=60,
    )


def _history_of(tmp_path: Path, target: str, versions: list[str]):
    """Commit each fixture in turn as content/<target>; the history of that file, newest first."""
    folder = tmp_path / "depot"
    (folder / Path(target).parent).mkdir(parents=True)
    _git(folder, "init", "-q", "-b", "main")
    for number, name in enumerate(versions):
        shutil.copy(FIXTURES / name, folder / target)
        _git(folder, "add", "-A")
        _git(folder, "commit", "-q", "-m", f"version {number}")
    return read_history(folder).events[target]


def _words(event) -> str:
    return " ; ".join([event.libelle, event.resume, *event.details])


def test_a_stable_identifier_given_to_indicators_is_not_a_correction_nor_a_removal(tmp_path):
    """Issue 12 gave each indicator an « id »: the signed text is the same."""
    events = _history_of(tmp_path, "content/fiches/fiche-07.yaml", ["fiche-avant.yaml", "fiche-apres.yaml"])
    latest = events[0]
    assert latest.libelle == "Mise à jour technique, texte inchangé", _words(latest)
    assert "Indicateurs d'évaluation : identifiant stable ajouté à 3 éléments (texte inchangé)" in _words(latest)
    assert "retiré" not in _words(latest) and "ajouté «" not in _words(latest)
    assert events[1].libelle == "Première transcription"


def test_a_correction_lists_every_change_with_the_labels_of_the_site(tmp_path):
    events = _history_of(tmp_path, "content/fiches/fiche-07.yaml", ["fiche-avant.yaml", "fiche-apres.yaml", "fiche-corrigee.yaml"])
    latest = events[0]
    assert latest.libelle == "Correction de transcription"
    assert latest.note == "« Éducative » relu dans la source."
    assert latest.resume == "4 changements"
    assert latest.details == (
        "Contexte et diagnostic : « Un contexte d'essai. » → « Un contexte d'essai, relu. »",
        "Objectifs et actions › n°7.1 › intitulé : « Un objectif d'essai » → « Un objectif d'essai relu »",
        "Publics visés : « Jeunes d'essai » → « Jeunes de l'essai »",
        "Partenaires : « Cité Educative d'essai » → « Cité Éducative d'essai »",
    )
    meta = latest.as_meta()  # what the page shows: the first three, the others folded under their count
    assert meta["details"] == list(latest.details[:3])
    assert meta["autres_titre"] == "1 autre changement" and meta["autres"] == [latest.details[3]]


def test_fields_added_to_a_commune_read_in_words_not_as_yaml(tmp_path):
    """« reperes : ∅ → « ["Petite enfance : … » » was a YAML key, a symbol and a JSON dump."""
    events = _history_of(tmp_path, "content/communes/essai.yaml", ["commune-avant.yaml", "commune-apres.yaml"])
    latest = events[0]
    said = _words(latest)
    assert latest.libelle == "Mise à jour" and latest.resume == "2 changements"
    assert latest.details[0].startswith("Repères : 3 éléments ajoutés (« Petite enfance : la communauté d'agglom… »"), said
    assert latest.details[1] == "Notes de transcription : ajouté « Tableau d'essai : les valeurs sont attribuées d'après l'ord… »"
    for raw in ("reperes", "notes_source", "∅", "[", "{", '"'):
        assert raw not in said, (raw, said)
    assert events[1].libelle == "Mise en ligne"  # a commune is not a transcription of the signed text


def test_a_follow_up_file_is_put_online_not_transcribed(tmp_path):
    folder = tmp_path / "depot"
    (folder / "content" / "suivi").mkdir(parents=True)
    (folder / "content" / "suivi" / "revues.yaml").write_text("revues: []\n", encoding="utf-8")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "suivi")
    (event,) = read_history(folder).events["content/suivi/revues.yaml"]
    assert event.libelle == "Mise en ligne du suivi" and "transcri" not in _words(event)


def test_every_field_of_the_content_has_a_label():
    """A change is always said with a label of the site (schema/libelles.py), never a YAML key."""
    missing: set[str] = set()
    seen: set[type] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            if name not in CHAMPS:
                missing.add(f"{model.__name__}.{name}")
            for inner in _models(info.annotation):
                walk(inner)

    for kind in KINDS:
        walk(kind.model)
    assert not missing, sorted(missing)


def _models(annotation) -> list[type[BaseModel]]:
    found = [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []
    for argument in typing.get_args(annotation):
        found += _models(argument)
    return found
