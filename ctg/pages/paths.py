"""Where each generated page lives (paths of Markdown files inside the site's docs tree).

The page of an entry of content and the index of a kind come from the registry (``ctg.kinds``);
the other pages are named here.
"""

from __future__ import annotations

from ..kinds import KIND, kind_of_texts

HOME = "index.md"
PLAN = KIND["fiches"].index
ENJEUX = KIND["enjeux"].index
COMMUNES = KIND["communes"].index
SERVICES = "services/index.md"
ACTEURS = KIND["acteurs"].index
GLOSSAIRE = KIND["glossaire"].index
TERRITOIRE = KIND["territoire"].index
CONVENTION = KIND["convention"].index
ANNEXES = KIND["textes_annexes"].index
ANNEXE_3 = KIND["equipements"].index
ANNEXE_7 = KIND["fiches_de_poste"].index
ANNEXE_8 = KIND["trajectoires"].index
DELIBERATIONS = KIND["deliberations"].index
IMPRIMER = "convention-complete.md"
DONNEES = "donnees.md"

_FICHE = KIND["fiches"].page or ""
_ENJEU = KIND["enjeux"].page or ""
_COMMUNE = KIND["communes"].page or ""
_ACTEUR = KIND["acteurs"].page or ""
_DELIBERATION = KIND["deliberations"].page or ""
_POSTE = KIND["fiches_de_poste"].page or ""
_THEME = KIND["chiffres"].page or ""


def fiche(numero: int) -> str:
    return _FICHE.format(numero=numero)


def enjeu(thematique: str) -> str:
    return _ENJEU.format(thematique=thematique)


def commune(identifier: str) -> str:
    return _COMMUNE.format(id=identifier)


def acteur(identifier: str) -> str:
    return _ACTEUR.format(id=identifier)


def texte(partie: str, identifier: str) -> str:
    return kind_of_texts(partie).page_path(id=identifier)


def deliberation(identifier: str) -> str:
    return _DELIBERATION.format(id=identifier)


def poste(identifier: str) -> str:
    return _POSTE.format(id=identifier)


def territoire_theme(theme: str) -> str:
    return _THEME.format(theme=theme)
