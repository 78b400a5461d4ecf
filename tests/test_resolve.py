"""The resolver in parts: identities from the registry, failed files keyed by kind, a frozen Site."""

from __future__ import annotations

import dataclasses

import pytest

from ctg.content import load_content
from ctg.pipeline import check_content, load_site
from fixtures import CONTENT, copy_content, edit


def test_a_broken_trajectory_does_not_hide_an_unknown_acteur_of_the_same_name(tmp_path):
    """« calais » is a commune, a list of équipements and a trajectory: when trajectoire/calais.yaml
    is broken, a reference to an acteur « calais » (there is none: « ville-calais ») is still reported."""
    content = copy_content(tmp_path / "content")
    edit(content / "trajectoire" / "calais.yaml", "autorite: calais", "autorite: [calais]")
    edit(content / "deliberations" / "calais-cm-2025-02-04.yaml", "collectivite: ville-calais", "collectivite: calais")
    loaded = load_content(content)
    assert ("trajectoires", "calais") in loaded.failed
    assert ("acteurs", "calais") not in loaded.failed
    _, diagnostics = check_content(content)
    messages = [(d.path.rsplit("/", 1)[-1], d.message) for d in diagnostics]
    assert any(name == "calais.yaml" for name, _ in messages)
    assert any(name == "calais-cm-2025-02-04.yaml" and "acteur inconnu(e) « calais »" in message for name, message in messages), messages


def test_a_reference_to_a_broken_file_of_its_kind_is_not_reported_twice(tmp_path):
    content = copy_content(tmp_path / "content")
    edit(content / "acteurs" / "caf.yaml", "type: institution", "type: organisme")
    _, diagnostics = check_content(content)
    assert [d.path.rsplit("/", 1)[-1] for d in diagnostics] == ["caf.yaml"], [d.human() for d in diagnostics]


def test_the_file_name_of_every_kind_is_its_identity(tmp_path):
    content = copy_content(tmp_path / "content")
    (content / "acteurs" / "caf.yaml").rename(content / "acteurs" / "cnaf.yaml")
    (content / "fiches" / "fiche-03.yaml").rename(content / "fiches" / "fiche-3.yaml")
    _, diagnostics = check_content(content)
    found = {d.path.rsplit("/", 1)[-1]: d.message for d in diagnostics}
    assert found["cnaf.yaml"] == "le fichier doit s'appeler « caf.yaml » comme son identifiant (il s'appelle « cnaf.yaml »)"
    assert found["fiche-3.yaml"].startswith("le fichier doit s'appeler « fiche-03.yaml »")


def test_the_site_is_built_once_and_never_changed():
    site = load_site(CONTENT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.fiches = {}  # type: ignore[misc]
    assert not hasattr(site, "source_files")
    assert len(site.of("fiches")) == len(site.fiches) and site.of("inconnu") == ()
