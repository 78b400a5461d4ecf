"""Reverse links of the resolved model, computed once from validated content (pure functions).

Who pilots or joins which fiche, which communes each fiche names, which fiches it cites, and in
which communes each équipement welcomes families.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from schema import Commune, Fiche

from .model import EquipementPlace
from .text import FICHE_MENTION, commune_pattern, fiche_texts, fold, town_key


@dataclass(frozen=True)
class FicheLinks:
    pilotees: dict[str, list[int]]  # acteur → fiches it pilots
    partenaire: dict[str, list[int]]  # acteur → fiches it joins as a partner
    par_commune: dict[str, list[int]]  # commune → fiches that name it
    communes_par_fiche: dict[int, list[str]]  # fiche → communes it names
    citees: dict[int, list[int]]  # fiche → other fiches it mentions


def _acteurs_of(fiches: dict[int, Fiche], role: str) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for numero, fiche in fiches.items():
        for intervenant in getattr(fiche, role):
            for acteur in intervenant.acteurs:
                bucket = index.setdefault(acteur, [])
                if numero not in bucket:
                    bucket.append(numero)
    return index


def fiche_links(fiches: dict[int, Fiche], communes: dict[str, Commune]) -> FicheLinks:
    # One pattern for all communes: each name is a named group (group names cannot hold « - »).
    groups = {}
    alternatives = []
    for index, (commune_id, commune) in enumerate(communes.items()):
        groups[f"c{index}"] = commune_id
        alternatives.append(f"(?P<c{index}>{commune_pattern([commune.nom, *commune.variantes])})")
    any_commune = re.compile("|".join(alternatives))
    par_commune: dict[str, list[int]] = {}
    communes_par_fiche: dict[int, list[str]] = {}
    citees: dict[int, list[int]] = {}
    for numero, fiche in fiches.items():
        texts = list(fiche_texts(fiche))
        folded = fold(" \n ".join(texts))
        names = {groups[match.lastgroup] for match in any_commune.finditer(folded) if match.lastgroup}
        found = [cid for cid in communes if cid in names]
        communes_par_fiche[numero] = found
        for commune_id in found:
            par_commune.setdefault(commune_id, []).append(numero)
        cited = sorted({int(m.group(1)) for t in texts for m in FICHE_MENTION.finditer(t)} - {numero})
        citees[numero] = [n for n in cited if n in fiches]
    return FicheLinks(
        pilotees=_acteurs_of(fiches, "pilotes"),
        partenaire=_acteurs_of(fiches, "partenaires"),
        par_commune=par_commune,
        communes_par_fiche=communes_par_fiche,
        citees=citees,
    )


def town_index(communes: Iterable[Commune]) -> dict[str, str]:
    """Every spelling of every commune (name and variants, accents and hyphens folded) → its id."""
    index: dict[str, str] = {}
    for commune in communes:
        for name in (commune.nom, *commune.variantes):
            index.setdefault(town_key(name), commune.id)
    return index


def located(place: EquipementPlace, town_of: dict[str, str], communes: dict) -> EquipementPlace:
    """The place with the commune of each implantation (of the service itself when it has none); an
    address that names no town is in the commune whose list holds it (the agglomération's list names
    no commune)."""
    fallback = place.collectivite if place.collectivite in communes else None
    found: list[str | None] = []
    for implantation in place.equipement.implantations or [None]:
        town = implantation.adresse.ville if implantation and implantation.adresse else None
        found.append(town_of.get(town_key(town)) if town else fallback)
    of_sites = tuple(found)
    return EquipementPlace(place.equipement, place.collectivite, tuple(dict.fromkeys(c for c in of_sites if c)), of_sites)
