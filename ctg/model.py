"""The resolved model: every reference checked, reverse links and recomputed totals ready to use.

Page generation, exports and the CLI read only this; none of them reads YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from schema import (
    Acteur,
    Commune,
    Convention,
    Deliberation,
    Document,
    Enjeu,
    Fiche,
    FicheDePoste,
    Glossaire,
    Publication,
    ListeEquipements,
    Sdsf,
    Synonymes,
    TableauChiffres,
    Territoire,
    Trajectoire,
)
from schema.equipements import Equipement
from schema.referentiels import Thematique

if TYPE_CHECKING:
    from ctg.suivi import Suivi


@dataclass(frozen=True)
class ControleTotal:
    """One « contrôle des totaux » (``ctg.controles``): a total, row sum or share of the source
    recomputed from the values it is made of."""

    table: str
    column: str
    column_label: str
    total_label: str
    computed: Decimal  # sum (or ratio) of the readable values
    printed: Decimal | None  # None when the source's value is unreadable
    unreadable: int = 0  # values left out because they are unreadable
    tolerance: Decimal = Decimal(0)  # rounding of the printed values: a gap within it is no gap
    kind: str = "colonne"  # « colonne » (total of a column), « ligne » (sum within a row), « rapport » (share, density)
    row: str | None = None  # row label, for checks within a row
    cells: tuple[tuple[str, str], ...] = ()  # (row label, column id) of every value used, printed one included
    explained: bool = False  # a source note names one of these cells

    @property
    def matches(self) -> bool:
        return self.printed is not None and abs(self.computed - self.printed) <= self.tolerance

    @property
    def conclusive(self) -> bool:
        """A mismatch only proves an inconsistency of the source when every value was readable."""
        return self.printed is not None and self.unreadable == 0


@dataclass(frozen=True)
class EquipementPlace:
    equipement: Equipement
    collectivite: str  # commune id or the agglomération id whose Annexe 3 list holds it
    # Communes where it welcomes families: the commune of each implantation (a service with
    # sites in three communes is found in each), not the collectivité that supports it.
    communes: tuple[str, ...] = ()
    communes_of_sites: tuple[str | None, ...] = ()  # the commune of each implantation, in order


def _empty_suivi():
    from ctg.suivi import Suivi

    return Suivi()


@dataclass(frozen=True)
class Site:
    """Built once by the resolver (``ctg.resolve``) from checked content, never changed afterwards."""

    root: Path
    territoire: Territoire
    thematiques: dict[str, Thematique]
    sdsf: Sdsf
    glossaire: Glossaire
    communes: dict[str, Commune]
    acteurs: dict[str, Acteur]
    fiches: dict[int, Fiche]
    enjeux: dict[str, Enjeu]
    listes_equipements: dict[str, ListeEquipements]
    equipements: dict[str, EquipementPlace]
    chiffres: dict[str, TableauChiffres]
    trajectoires: dict[str, Trajectoire]
    convention: Convention | None
    textes: dict[str, Document]
    deliberations: list[Deliberation]
    fiches_de_poste: list[FicheDePoste]
    synonymes: Synonymes | None = None  # optional: the search works without it
    # Suivi de la convention (content/suivi/, ctg/suivi.py): empty until a review is published.
    suivi: "Suivi" = field(default_factory=lambda: _empty_suivi())
    # Who publishes the site (not in the convention) and what is still missing before publication.
    publication: Publication = field(default_factory=Publication)
    publication_gaps: list = field(default_factory=list)  # Diagnostic, one per missing detail
    # reverse links (ctg.links)
    fiches_pilotees: dict[str, list[int]] = field(default_factory=dict)
    fiches_partenaire: dict[str, list[int]] = field(default_factory=dict)
    fiches_par_commune: dict[str, list[int]] = field(default_factory=dict)
    communes_par_fiche: dict[int, list[str]] = field(default_factory=dict)
    equipements_geres: dict[str, list[str]] = field(default_factory=dict)
    enjeu_de_fiche: dict[int, str] = field(default_factory=dict)
    fiches_citees: dict[int, list[int]] = field(default_factory=dict)
    # Contrôles des totaux by table id (« trajectoire-<autorité> » for the Annexe 8 trajectories).
    controles: dict[str, list[ControleTotal]] = field(default_factory=dict)
    # Every validated entry of every kind of the registry (``ctg.kinds``), by kind name, in file order:
    # a new kind is readable here (``site.of("suivis")``) before it needs a field of its own.
    entries: dict[str, tuple] = field(default_factory=dict)

    # Issue 13 : avenants (ctg.avenants.Versions) — this Site holds the text in force; the signed one
    # stays in versions.signe when an avenant applies. None only before consolidation.
    versions: object | None = None

    def of(self, kind: str) -> tuple:
        return self.entries.get(kind, ())

    @property
    def agglomeration_id(self) -> str:
        return self.territoire.acteur

    def collectivite_name(self, identifier: str) -> str:
        if identifier in self.communes:
            return self.communes[identifier].nom
        if identifier == self.agglomeration_id:
            return self.territoire.nom
        return identifier

    def textes_de(self, partie: str) -> list[Document]:
        return sorted((d for d in self.textes.values() if d.partie == partie), key=lambda d: d.ordre)
