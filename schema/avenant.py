"""Avenant to the convention (article 11): content/avenants/avenant-NN.yaml.

The signed files of content/ are never edited to follow an avenant: the avenant lists its
modifications and the text in force is computed from them (ctg/avenants.py).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .common import Integer, IsoDate, Slug, SourceNote, Strict, Text

CibleType = Literal["texte", "fiche", "equipement", "trajectoire"]
Action = Literal["remplacer", "ajouter", "supprimer"]

CIBLE_LABELS: dict[str, str] = {
    "texte": "texte de la convention ou d'une annexe",
    "fiche": "fiche action",
    "equipement": "équipement ou service (Annexe 3)",
    "trajectoire": "trajectoire des places (Annexe 8)",
}


class Cible(Strict):
    """Ce que la modification change : un texte, une fiche, un équipement ou une trajectoire, et l'endroit précis."""

    type: CibleType = Field(
        description="« texte » (article, préambule, annexe : identifiant du fichier), « fiche » (numéro), "
        "« equipement » (identifiant de l'équipement) ou « trajectoire » (autorité organisatrice)."
    )
    id: Text = Field(description="Identifiant stable : « article-04 », « 7 » (fiche n°7), « marck-rpe », « calais »…")
    champ: Text | None = Field(
        None,
        description="Chemin du champ, ex. « sections[1].contenu[2].paragraphe », « objectifs[7.2].actions », "
        "« lignes[calais-eaje-frimousses].places[2027] ». Entre crochets : le numéro, l'identifiant ou l'équipement "
        "de l'élément, ou sa position (à partir de 1) dans une liste sans identifiant. Absent : l'élément entier "
        "(pour supprimer un équipement).",
    )


class Modification(Strict):
    """Une modification de l'avenant : sa cible, l'action, le texte d'avant (tel qu'en vigueur) et le texte nouveau."""

    cible: Cible
    action: Action = Field(description="« remplacer » un passage, « ajouter » un élément, « supprimer » un passage ou un élément.")
    texte_avant: Text | None = Field(
        None,
        description="Texte en vigueur avant l'avenant, recopié exactement (obligatoire pour remplacer et supprimer) : "
        "l'avenant ne peut pas viser une autre phrase que celle qu'il croit.",
    )
    texte_apres: Text | None = Field(None, description="Texte nouveau (remplacer, ajouter un texte).")
    element: dict[str, Any] | None = Field(
        None,
        description="Élément complet à ajouter à une liste d'éléments structurés (un objectif : numero, intitule, actions…).",
    )

    @model_validator(mode="after")
    def _coherent(self) -> "Modification":
        if self.action in ("remplacer", "supprimer") and self.texte_avant is None:
            raise PydanticCustomError(
                "avenant_avant", "« texte_avant » manquant : recopiez le texte en vigueur que l'avenant {action}",
                {"action": "remplace" if self.action == "remplacer" else "supprime"},
            )
        if self.action == "remplacer" and self.texte_apres is None:
            raise PydanticCustomError("avenant_apres", "« texte_apres » manquant : le texte qui remplace l'ancien")
        if self.action == "ajouter" and (self.texte_apres is None) == (self.element is None):
            raise PydanticCustomError(
                "avenant_ajout", "pour ajouter, donnez soit « texte_apres » (un texte), soit « element » (un objectif…), pas les deux"
            )
        if self.action == "supprimer" and (self.texte_apres is not None or self.element is not None):
            raise PydanticCustomError("avenant_suppression", "une suppression n'a ni « texte_apres » ni « element »")
        if self.action != "ajouter" and self.element is not None:
            raise PydanticCustomError("avenant_element", "« element » ne sert qu'à ajouter")
        return self


class Avenant(Strict):
    """Avenant à la convention (article 11) : il précise toutes les modifications apportées à la convention et à ses annexes."""

    numero: Integer = Field(ge=1, description="Numéro de l'avenant : 1, 2, 3… sans trou ; le fichier s'appelle avenant-NN.yaml.")
    date_signature: IsoDate = Field(description="Date de signature, AAAA-MM-JJ, dans la période de la convention (2025-2029).")
    objet: Text = Field(description="Objet de l'avenant, tel qu'il l'écrit.")
    deliberations: list[Slug] = Field(
        default_factory=list,
        description="Délibérations qui l'approuvent (identifiants de content/deliberations).",
    )
    modifications: list[Modification] = Field(min_length=1, description="Toutes les modifications, dans l'ordre de l'avenant.")
    notes_source: list[SourceNote] = Field(default_factory=list)
