"""Pydantic v2 models of the CTG content: one model per kind of YAML file in content/."""

from .avenant import Avenant
from .chiffres import TableauChiffres, Trajectoire
from .documents import Convention, Deliberation, Document, FicheDePoste
from .enjeu import Enjeu
from .equipements import ListeEquipements
from .fiche import Fiche
from .publication import Publication
from .suivi import Revues, SuiviFiche
from .referentiels import Acteur, Commune, Glossaire, Sdsf, Synonymes, Territoire, Thematiques

__all__ = [
    "Acteur",
    "Avenant",
    "Commune",
    "Convention",
    "Deliberation",
    "Document",
    "Enjeu",
    "Fiche",
    "FicheDePoste",
    "Glossaire",
    "ListeEquipements",
    "Publication",
    "Revues",
    "Sdsf",
    "SuiviFiche",
    "Synonymes",
    "TableauChiffres",
    "Territoire",
    "Thematiques",
    "Trajectoire",
]
