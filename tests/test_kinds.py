"""The registry of content kinds (ctg/kinds.py) and the vocabularies with their labels."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest
from pydantic import BaseModel

import schema
from ctg.content import load_content
from ctg.kinds import KIND, KINDS, Kind, schema_files, schemas
from ctg.pages import paths
from ctg.review import content_changes
from schema.vocabulaires import VOCABULAIRES

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(VOCABULAIRES))
def test_every_value_of_a_vocabulary_has_a_label_and_every_label_a_value(name):
    literal, tables = VOCABULAIRES[name]
    values = list(get_args(literal))
    for table in tables:
        assert list(table) == values, f"{name} : libellés manquants {set(values) - set(table)}, en trop {set(table) - set(values)}"


def _literals(annotation) -> list[tuple]:
    if get_origin(annotation) is Literal:
        return [get_args(annotation)]
    return [found for argument in get_args(annotation) for found in _literals(argument)]


def test_every_labelled_literal_of_the_schema_is_the_registered_vocabulary():
    """A field typed with a vocabulary uses the Literal of schema/vocabulaires.py, not a copy."""
    registered = {tuple(get_args(literal)) for literal, _ in VOCABULAIRES.values()}
    labelled = {frozenset(values) for values in registered}
    models: list[type[BaseModel]] = []
    pending = [kind.model for kind in KINDS]
    while pending:
        model = pending.pop()
        if model in models:
            continue
        models.append(model)
        for field in model.model_fields.values():
            for argument in [field.annotation, *get_args(field.annotation)]:
                for inner in [argument, *get_args(argument)]:
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        pending.append(inner)
            for values in _literals(field.annotation):
                if frozenset(values) in labelled:
                    assert values in registered


def test_every_content_file_belongs_to_exactly_one_kind():
    loaded = load_content(REPO / "content")
    assert not loaded.diagnostics
    counted = sum(len(loaded.of(kind.name)) for kind in KINDS)
    assert counted == len(loaded.files)
    for kind in KINDS:
        for entry in loaded.of(kind.name):
            if kind.single is None:
                fields = entry.model.model_dump()
                assert kind.file(**fields) == entry.doc.path.relative_to(REPO / "content").as_posix()


def test_the_registry_is_consistent():
    names = [kind.name for kind in KINDS]
    assert len(names) == len(set(names))
    assert set(schemas()) == set(schema_files()) == {kind.schema for kind in KINDS}
    for kind in KINDS:
        assert issubclass(kind.model, BaseModel) and kind.model.__name__ in schema.__all__
        assert kind.label and kind.label[0].isupper()
        if kind.export is not None:
            assert callable(kind.exporter()), kind.export
        if kind.required:
            assert kind.single is not None
    # Two kinds sharing a folder: one file each or exclusions, never ambiguity.
    assert schema_files()["document"][-1] == "!content/convention/signataires.yaml"


def test_page_paths_come_from_the_registry():
    assert paths.fiche(3) == "plan-action/fiche-03.md" == KIND["fiches"].page_path(numero=3)
    assert paths.texte("annexe", "annexe-1") == "annexes/annexe-1.md"
    assert KIND["fiches"].source(numero=3) == "content/fiches/fiche-03.yaml"
    assert KIND["glossaire"].source() == "content/referentiels/glossaire.yaml"
    with pytest.raises(ValueError):
        KIND["thematiques"].page_path(id="x")


def test_diff_names_an_entry_by_its_kind():
    assert KIND["fiches"].what("fiche-03", {"numero": 3, "titre": "Titre"}) == "Fiche action n°3 — Titre"
    assert KIND["acteurs"].what("caf", {}) == "Acteur caf"


def test_a_new_kind_needs_only_its_registry_entry(tmp_path, monkeypatch):
    """What CONTRIBUTING shows: a kind declared once is loaded, has its schema and its diff."""
    from ctg import kinds

    class Exemple(schema.Acteur):
        pass

    extra = Kind("exemples", "exemples", Exemple, "Exemple", "exemple", page="exemples/{id}.md")
    monkeypatch.setattr(kinds, "KINDS", kinds.KINDS + (extra,))
    import ctg.content
    import ctg.review

    monkeypatch.setattr(ctg.content, "KINDS", kinds.KINDS)
    monkeypatch.setattr(ctg.review, "KINDS", kinds.KINDS)
    before = tmp_path / "avant"
    (before / "exemples").mkdir(parents=True)
    after = tmp_path / "apres"
    (after / "exemples").mkdir(parents=True)
    (after / "exemples" / "un.yaml").write_text("id: un\nnom: Un exemple\ntype: association\n", encoding="utf-8")
    loaded = load_content(after)
    assert [e.model.nom for e in loaded.of("exemples")] == ["Un exemple"]
    assert "exemple" in kinds.schemas() and kinds.schema_files()["exemple"] == ["content/exemples/*.yaml"]
    changes = content_changes(load_content(before), loaded)
    assert [(c.what, c.kind) for c in changes] == [("Exemple un", "ajout")]
