"""Tables of figures (Annexe 2, Annexe 8): values as the source prints them, with OCR readings."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from .vocabulaires import Theme
from .common import Integer, Slug, SourceNote, SourceRef, Strict, Text, Year

_NUMBER = re.compile(r"-?[0-9]+([.,][0-9]+)?")
SPECIAL_VALUES = {"NC": "non communiqué"}


def parse_number(text: str | None) -> Decimal | None:
    """French or dotted decimal, thin spaces allowed (« 1 461 441 », « 0,1 ») → Decimal."""
    if text is None:
        return None
    compact = text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.fullmatch(compact):
        return None
    try:
        return Decimal(compact.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - guarded by the pattern
        return None


def _cell_from_scalar(value: Any) -> Any:
    if isinstance(value, str):
        return {"valeur": value}
    return value


class CelluleDetail(Strict):
    """Valeur d'un tableau : un simple texte si elle est lue telle quelle ; un dictionnaire (valeur, lu, justification) si l'OCR l'a abîmée."""

    valeur: Text | None = Field(None, description="Valeur retenue, telle que la source l'imprime (« 1 461 441 », « 0,1 », « NC »).")
    lu: Text | None = Field(None, description="Ce que montre le texte OCR, quand il diffère (« B 637 ») ou est illisible.")
    justification: Text | None = Field(
        None, description="Ce qui confirme la valeur retenue (total du tableau, autre tableau de la source)."
    )

    @model_validator(mode="after")
    def _coherent(self) -> "CelluleDetail":
        if self.valeur is None and self.lu is None:
            raise PydanticCustomError("cellule_vide", "cellule vide : donnez « valeur » ou « lu »")
        if self.lu is not None and self.valeur is not None and self.justification is None:
            raise PydanticCustomError(
                "cellule_correction",
                "valeur corrigée sans justification : dites ce qui, dans la source, confirme « {valeur} »",
                {"valeur": self.valeur},
            )
        if self.lu is None and self.justification is not None:
            raise PydanticCustomError(
                "cellule_justification", "une justification n'a de sens qu'avec une lecture « lu » corrigée"
            )
        return self

    @property
    def number(self) -> Decimal | None:
        return parse_number(self.valeur)

    @property
    def state(self) -> Literal["lue", "corrigee", "illisible"]:
        if self.lu is None:
            return "lue"
        return "corrigee" if self.valeur is not None else "illisible"


Cellule = Annotated[CelluleDetail, BeforeValidator(_cell_from_scalar)]


class Colonne(Strict):
    id: Slug
    libelle: Text = Field(description="En-tête de colonne, reconstitué d'après le sens si l'OCR l'a abîmé.")
    unite: Text | None = Field(None, description="Unité : « % », « habitants », « km² », « € »…")
    nature: Literal["nombre", "texte"] = Field("nombre", description="« texte » pour une colonne non numérique.")


class Ligne(Strict):
    libelle: Text = Field(description="Libellé de ligne comme dans la source (« Blériot/Sangatte »).")
    territoire: Slug | None = Field(
        None,
        description="Territoire : identifiant de commune, « gctm », « departement-62 », « arrondissement-calais », « france »…",
    )
    role: Literal["detail", "total", "comparaison"] = Field(
        "detail", description="« total » pour la ligne TOTAL de la source ; « comparaison » pour un autre territoire."
    )
    valeurs: dict[Slug, Cellule] = Field(description="Valeur de chaque colonne, par identifiant de colonne.")


class Controle(Strict):
    """Total d'une colonne à recalculer à partir de ses lignes."""

    colonne: Slug
    total: Text | None = Field(
        None,
        description="Libellé de la ligne qui porte le total dans la source ; absent quand les lignes sont des parts "
        "en % qui font 100.",
    )
    lignes: Literal["details"] = Field("details", description="Lignes additionnées : toutes les lignes « detail ».")


class SommeLigne(Strict):
    """Dans chaque ligne, des colonnes qui s'additionnent : en une colonne de total, ou en 100 %."""

    parties: list[Slug] = Field(min_length=2, description="Colonnes additionnées.")
    total: Slug | None = Field(None, description="Colonne qui porte le total de la ligne ; absente quand les parties font 100 %.")


class Rapport(Strict):
    """Dans chaque ligne, une colonne qui est le rapport de deux autres (une part en %, une densité)."""

    colonne: Slug = Field(description="Colonne imprimée (« isoles-pct »).")
    numerateur: Slug
    denominateur: Slug
    facteur: Integer = Field(100, description="100 pour une part en %, 1 pour une densité (habitants / km²).")


class Graphique(Strict):
    colonne: Slug = Field(description="Colonne représentée en barres.")
    titre: Text


class TableauChiffres(Strict):
    id: Slug = Field(description="Identifiant, égal au nom du fichier.")
    titre: Text
    theme: Theme = Field(description="Rubrique de la page « Le territoire en chiffres ».")
    source: Text = Field(description="Source et millésime comme le document les cite (« INSEE RP2021 »).")
    colonnes: list[Colonne] = Field(min_length=1)
    lignes: list[Ligne] = Field(min_length=1)
    controles: list[Controle] = Field(default_factory=list, description="Totaux de colonne de la source à recalculer.")
    sommes_lignes: list[SommeLigne] = Field(
        default_factory=list, description="Totaux de ligne à recalculer (colonnes qui s'additionnent dans chaque ligne)."
    )
    rapports: list[Rapport] = Field(
        default_factory=list, description="Parts en % (ou densités) à recalculer dans chaque ligne."
    )
    graphique: Graphique | None = None
    commentaire: list[Text] = Field(default_factory=list, description="Phrases de la source qui accompagnent le tableau.")
    notes_source: list[SourceNote] = Field(default_factory=list)
    source_ocr: SourceRef | None = None


class LigneTrajectoire(Strict):
    nom_source: Text = Field(description="Nom de l'équipement tel que le tableau l'écrit.")
    equipement: Slug | None = Field(None, description="Équipement de l'Annexe 3 quand c'est la même structure.")
    places: dict[Year, Cellule] = Field(description="Places PSU soutenues, par année.")


class Trajectoire(Strict):
    """Annexe 8 : trajectoire des places PSU d'une autorité organisatrice (content/trajectoire/<id>.yaml)."""

    autorite: Slug = Field(description="Commune (content/communes) ou « gctm ».")
    intitule_source: Text = Field(description="« Autorité Organisatrice du Service : … » comme dans la source.")
    annee_reference: Text | None = Field(None, description="Année de référence telle qu'imprimée, si lisible.")
    annees: list[Year] = Field(min_length=1, description="Années du tableau, dans l'ordre de la source.")
    lignes: list[LigneTrajectoire] = Field(min_length=1)
    total_source: dict[Year, Cellule] = Field(description="Ligne TOTAL de la source, par année.")
    notes_source: list[SourceNote] = Field(default_factory=list)
    source: SourceRef | None = None
