"""Suivi de la convention: reviews, statuses of objectives and indicator values, checked and resolved.

Content: content/suivi/revues.yaml (the reviews) and content/suivi/fiche-NN.yaml (one file per fiche,
kept by its pilot). This module checks every rule of the follow-up (French file:line:column
diagnostics) and builds the resolved follow-up that pages, feed, open data and diff read.

« Today » (no date may lie in the future) is injectable: CTG_DATE_DU_JOUR=AAAA-MM-JJ.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from schema.suivi import INSTANCES, STATUTS, UNITES, Revue

from .diagnostics import Diagnostic

PERIODE = "2025-2029"  # when content/referentiels/territoire.yaml gives none


def period_years(periode: str | None) -> tuple[int, int]:
    """First and last years of the convention, read in the territory's « periode » (« 2025-2029 »)."""
    found = re.findall(r"(?<!\d)(\d{4})(?!\d)", periode or PERIODE)
    if len(found) >= 2:
        return int(found[0]), int(found[-1])
    return 2025, 2029

# Icons (text symbols, drawn in the page with their label): a status is never told by colour alone.
ICONES: dict[str, str] = {
    "a-venir": "○",
    "en-cours": "◔",
    "realise": "✔",
    "en-pause": "‖",
    "abandonne": "✖",
    "bloque": "⊘",
    "en-retard": "⚠",
}


def today() -> date:
    """The day the site is built; CTG_DATE_DU_JOUR (AAAA-MM-JJ) replaces it for tests and benchmarks."""
    forced = os.environ.get("CTG_DATE_DU_JOUR", "").strip()
    if forced:
        try:
            return date.fromisoformat(forced)
        except ValueError:
            pass
    return date.today()


def date_fr(iso: str) -> str:
    """« 2026-06-30 » → « 30 juin 2026 »."""
    mois = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")
    d = date.fromisoformat(iso)
    jour = "1er" if d.day == 1 else str(d.day)
    return f"{jour} {mois[d.month - 1]} {d.year}"


def parse_number(text: str) -> Decimal | None:
    cleaned = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if not re.fullmatch(r"-?[0-9]{1,15}(\.[0-9]{1,6})?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - guarded by the pattern
        return None


def format_number(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}".rstrip("0")
    if "." in text:
        whole, _, frac = text.partition(".")
    else:
        whole, frac = text, ""
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + "\u202f".join(groups)
    return out + ("," + frac if frac else "")


# --- resolved model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Statut:
    """A status given at a review (to an objective or to the whole fiche)."""

    statut: str
    revue: str  # ISO date of the review
    commentaire: str | None = None
    date: str | None = None  # date of completion
    deduit: bool = False  # fiche status derived from its objectives

    @property
    def libelle(self) -> str:
        return STATUTS[self.statut]


@dataclass(frozen=True)
class Valeur:
    indicateur: str
    annee: int
    valeur: str
    unite: str
    nombre: Decimal | None  # for nombre / pourcentage
    cible: str | None
    cible_nombre: Decimal | None
    cible_annexe_8: bool  # the target comes from Annexe 8
    source: str
    commentaire: str | None = None
    date: str | None = None
    revue: str | None = None

    @property
    def valeur_affichee(self) -> str:
        if self.nombre is not None:
            return format_number(self.nombre) + (" %" if self.unite == "pourcentage" else "")
        return self.valeur

    @property
    def cible_affichee(self) -> str:
        if self.cible_nombre is not None:
            return format_number(self.cible_nombre) + (" %" if self.unite == "pourcentage" else "")
        return self.cible or "—"


@dataclass
class PointResolu:
    revue: str
    fiche: Statut
    objectifs: dict[str, Statut]


@dataclass
class SuiviDeFiche:
    numero: int
    points: list[PointResolu] = field(default_factory=list)  # oldest first
    valeurs: dict[str, list[Valeur]] = field(default_factory=dict)  # indicator id → by year

    @property
    def statut(self) -> Statut | None:
        return self.points[-1].fiche if self.points else None

    def statuts_courants(self) -> dict[str, Statut]:
        """The last status given to each objective."""
        current: dict[str, Statut] = {}
        for point in self.points:
            current.update(point.objectifs)
        return current

    @property
    def derniere_revue(self) -> str | None:
        return self.points[-1].revue if self.points else None


@dataclass
class Suivi:
    revues: list[Revue] = field(default_factory=list)  # oldest first
    fiches: dict[int, SuiviDeFiche] = field(default_factory=dict)
    cibles_annexe_8: dict[int, Decimal] = field(default_factory=dict)  # year → PSU places planned (whole territory)
    indicateurs_annexe_8: list[tuple[int, str]] = field(default_factory=list)  # (fiche, indicator id)

    @property
    def publie(self) -> bool:
        return bool(self.revues)

    def revue(self, iso: str) -> Revue | None:
        return next((r for r in self.revues if r.date == iso), None)

    def de(self, numero: int) -> SuiviDeFiche:
        return self.fiches.get(numero) or SuiviDeFiche(numero)

    def places_ouvertes(self) -> dict[int, Valeur]:
        """Places PSU actually opened, per year, from the indicator linked to Annexe 8 (first fiche that gives one)."""
        found: dict[int, Valeur] = {}
        for numero, indicateur in self.indicateurs_annexe_8:
            for valeur in self.de(numero).valeurs.get(indicateur, []):
                found.setdefault(valeur.annee, valeur)
        return dict(sorted(found.items()))


def derive_statut(objectifs: dict[str, Statut], revue: str) -> Statut:
    """The whole fiche from its objectives: all done → réalisé; a blocked or late one shows; else en cours."""
    values = [s.statut for s in objectifs.values()]
    if not values:
        return Statut("a-venir", revue, deduit=True)
    for single in ("realise", "abandonne", "a-venir", "en-pause"):
        if all(v == single for v in values):
            dates = sorted(s.date for s in objectifs.values() if s.date)
            return Statut(single, revue, deduit=True, date=dates[-1] if dates and single == "realise" else None)
    for worst in ("bloque", "en-retard"):
        if worst in values:
            return Statut(worst, revue, deduit=True)
    return Statut("en-cours", revue, deduit=True)


# --- checks -------------------------------------------------------------------------------------


def annexe_8_targets(trajectoires) -> dict[int, Decimal]:
    """PSU places planned each year on the whole territory: the sum of every structure of Annexe 8."""
    totals: dict[int, Decimal] = {}
    for trajectoire in trajectoires:
        for ligne in trajectoire.lignes:
            for year, cell in ligne.places.items():
                if cell.number is not None:
                    totals[year] = totals.get(year, Decimal(0)) + cell.number
    return dict(sorted(totals.items()))


class _Checker:
    def __init__(self, fiches_e: dict, trajectoires, failed: set[tuple[str, str]], periode: str | None):
        self.fiches_e = fiches_e
        self.failed = failed
        self.diagnostics: list[Diagnostic] = []
        self.today = today()
        self.targets = annexe_8_targets(trajectoires)
        first, last = period_years(periode)
        self.debut, self.fin = date(first, 1, 1), date(last, 12, 31)
        self.periode = f"{first}-{last}"

    def error(self, entry, *loc, message: str, at_key: bool = False) -> None:
        self.diagnostics.append(entry.at(*loc, message=message, at_key=at_key))

    def check_date(self, entry, iso: str | None, what: str, *loc) -> bool:
        if iso is None:
            return True
        d = date.fromisoformat(iso)
        if not self.debut <= d <= self.fin:
            self.error(
                entry, *loc,
                message=f"{what} {date_fr(iso)} hors de la période de la convention ({date_fr(self.debut.isoformat())} - {date_fr(self.fin.isoformat())})",
            )
            return False
        if d > self.today:
            self.error(entry, *loc, message=f"{what} {date_fr(iso)} dans le futur (nous sommes le {date_fr(self.today.isoformat())}) : le suivi ne publie que ce qui a eu lieu")
            return False
        return True

    def revues(self, entry) -> list[Revue]:
        if entry is None:
            return []
        seen: dict[str, int] = {}
        kept: list[Revue] = []
        for i, revue in enumerate(entry.model.revues):
            self.check_date(entry, revue.date, "revue du", "revues", i, "date")
            if revue.date in seen:
                self.error(entry, "revues", i, "date", message=f"revue du {date_fr(revue.date)} en double (déjà déclarée en n°{seen[revue.date] + 1})")
                continue
            if revue.instance == "autre" and not revue.intitule:
                self.error(entry, "revues", i, "instance", message="instance « autre » : donnez son nom dans « intitule »")
            seen[revue.date] = i
            kept.append(revue)
        return sorted(kept, key=lambda r: r.date)

    def fiche(self, entry, declared: set[str]) -> SuiviDeFiche | None:
        numero = entry.model.fiche
        fiche_entry = self.fiches_e.get(numero)
        if fiche_entry is None:
            if ("fiches", f"fiche-{numero:02d}") not in self.failed:
                self.error(entry, "fiche", message=f"fiche n°{numero} inconnue : aucun fichier content/fiches/fiche-{numero:02d}.yaml")
            return None
        suivi = SuiviDeFiche(numero)
        suivi.points = self.points(entry, fiche_entry.model, declared)
        values = _Values(self, entry, fiche_entry.model, declared)
        for v, valeur in enumerate(entry.model.valeurs):
            resolved = values.check(v, valeur)
            if resolved is not None:
                suivi.valeurs.setdefault(resolved.indicateur, []).append(resolved)
        for found in suivi.valeurs.values():
            found.sort(key=lambda x: x.annee)
        return suivi

    # --- statuses at each review ------------------------------------------------------------
    def points(self, entry, fiche, declared: set[str]) -> list[PointResolu]:
        resolved: list[PointResolu] = []
        seen_reviews: set[str] = set()
        for p, point in enumerate(entry.model.points):
            self.check_date(entry, point.revue, "revue du", "points", p, "revue")
            if point.revue not in declared:
                known = ", ".join(sorted(declared)) or "aucune pour l'instant"
                self.error(entry, "points", p, "revue", message=f"aucune revue le {date_fr(point.revue)} dans content/suivi/revues.yaml (revues déclarées : {known})")
            if point.revue in seen_reviews:
                self.error(entry, "points", p, "revue", message=f"revue du {date_fr(point.revue)} déjà suivie plus haut dans ce fichier : regroupez ses statuts")
                continue
            seen_reviews.add(point.revue)
            global_status = None
            if point.fiche is not None:
                self.check_done(entry, point.fiche, ("points", p, "fiche"))
                global_status = Statut(point.fiche.statut, point.revue, point.fiche.commentaire, point.fiche.date)
            resolved.append(PointResolu(point.revue, global_status, self.objective_statuses(entry, fiche, p, point)))
        resolved.sort(key=lambda pt: pt.revue)
        current: dict[str, Statut] = {}
        for point in resolved:
            current.update(point.objectifs)
            if point.fiche is None:
                point.fiche = derive_statut(current, point.revue)
        return resolved

    def objective_statuses(self, entry, fiche, p: int, point) -> dict[str, Statut]:
        objectifs = [o.numero for o in fiche.objectifs]
        statuts: dict[str, Statut] = {}
        for o, statut in enumerate(point.objectifs):
            loc = ("points", p, "objectifs", o)
            if statut.objectif not in objectifs:
                self.error(entry, *loc, "objectif", message=f"objectif « {statut.objectif} » absent de la fiche n°{fiche.numero} (objectifs : {', '.join(objectifs)})")
            elif statut.objectif in statuts:
                self.error(entry, *loc, "objectif", message=f"objectif « {statut.objectif} » a déjà un statut à la revue du {date_fr(point.revue)} : un seul statut par objectif et par revue")
            else:
                self.check_done(entry, statut, loc)
                statuts[statut.objectif] = Statut(statut.statut, point.revue, statut.commentaire, statut.date)
        return statuts

    def check_done(self, entry, statut, loc) -> None:
        if statut.statut == "realise" and statut.date is None:
            self.error(entry, *loc, "statut", message="statut « realise » sans date : ajoutez « date » (AAAA-MM-JJ), le jour où c'est réalisé")
        if statut.date is not None:
            self.check_date(entry, statut.date, "date de réalisation", *loc, "date")

    def check_value(self, entry, text: str, unite: str, loc) -> Decimal | None | bool:
        """The number of a nombre / pourcentage value (None for other units); False after an error."""
        if unite in ("nombre", "pourcentage"):
            number = parse_number(text)
            if number is None:
                self.error(entry, *loc, message=f"« {text[:40]} » n'est pas un nombre (unité « {unite} ») : écrivez par exemple « 120 » ou « 12,5 »")
                return False
            if unite == "pourcentage" and not Decimal(0) <= number <= Decimal(100):
                self.error(entry, *loc, message=f"pourcentage {format_number(number)} hors de 0 à 100")
                return False
            return number
        if unite == "oui-non" and text.strip().lower() not in ("oui", "non"):
            self.error(entry, *loc, message=f"« {text[:40]} » : « oui » ou « non » attendu (unité « oui-non »)")
            return False
        return None


class _Values:
    """The indicator values of one follow-up file, checked one by one (unit constant, one value a year…)."""

    def __init__(self, checker: "_Checker", entry, fiche, declared: set[str]):
        self.c = checker
        self.entry = entry
        self.fiche = fiche
        self.declared = declared
        self.indicateurs = {i.id: i for i in fiche.indicateurs}
        self.units: dict[str, tuple[str, int]] = {}
        self.years: dict[tuple[str, int], int] = {}

    def error(self, *loc, message: str, at_key: bool = False) -> None:
        self.c.error(self.entry, *loc, message=message, at_key=at_key)

    def check(self, v: int, valeur) -> Valeur | None:
        loc = ("valeurs", v)
        indicateur = self.indicateurs.get(valeur.indicateur)
        if indicateur is None:
            self.error(*loc, "indicateur", message=f"indicateur « {valeur.indicateur} » absent de la fiche n°{self.fiche.numero} (identifiants : {', '.join(self.indicateurs)})")
            return None
        annee = self.year(loc, valeur)
        if annee is None or not self.once(loc, v, valeur, indicateur.id, annee):
            return None
        if valeur.revue is not None and valeur.revue not in self.declared:
            self.error(*loc, "revue", message=f"aucune revue le {date_fr(valeur.revue)} dans content/suivi/revues.yaml")
        nombre = self.c.check_value(self.entry, valeur.valeur, valeur.unite, (*loc, "valeur"))
        if nombre is False:
            return None
        cible, cible_nombre = valeur.cible, None
        if cible is not None and valeur.unite in ("nombre", "pourcentage"):
            cible_nombre = self.c.check_value(self.entry, cible, valeur.unite, (*loc, "cible"))
            if cible_nombre is False:
                return None
        from_annexe = False
        if indicateur.annexe_8:
            target = self.annexe_8(loc, valeur, annee, cible_nombre)
            if target is False:
                return None
            if target is not None:
                cible_nombre, cible, from_annexe = target, format_number(target), True
        return Valeur(
            indicateur=indicateur.id, annee=annee, valeur=valeur.valeur, unite=valeur.unite,
            nombre=nombre if isinstance(nombre, Decimal) else None, cible=cible, cible_nombre=cible_nombre,
            cible_annexe_8=from_annexe, source=valeur.source, commentaire=valeur.commentaire,
            date=valeur.date, revue=valeur.revue,
        )

    def year(self, loc, valeur) -> int | None:
        """The year of a value: given, or that of its date; inside the period and not in the future."""
        if valeur.annee is None and valeur.date is None:
            self.error(*loc, message="donnez l'année (« annee ») ou la date (« date ») de la valeur", at_key=True)
            return None
        annee = valeur.annee
        if valeur.date is not None:
            if not self.c.check_date(self.entry, valeur.date, "valeur datée du", *loc, "date"):
                return None
            if annee is not None and int(valeur.date[:4]) != annee:
                self.error(*loc, "date", message=f"la date {date_fr(valeur.date)} n'est pas dans l'année {annee} de la valeur")
                return None
            annee = int(valeur.date[:4])
        if not self.c.debut.year <= annee <= self.c.fin.year:
            self.error(*loc, "annee", message=f"année {annee} hors de la période de la convention ({self.c.periode})")
            return None
        if annee > self.c.today.year:
            self.error(*loc, "annee", message=f"année {annee} dans le futur (nous sommes en {self.c.today.year}) : le suivi ne publie que ce qui a eu lieu")
            return None
        return annee

    def once(self, loc, v: int, valeur, indicateur: str, annee: int) -> bool:
        """The same unit every year, and one value per year."""
        first = self.units.setdefault(indicateur, (valeur.unite, v))
        if first[0] != valeur.unite:
            self.error(
                *loc, "unite",
                message=f"unité « {valeur.unite} » différente de celle des autres années de l'indicateur « {indicateur} » "
                f"(« {first[0]} », valeur n°{first[1] + 1}) : l'unité reste la même d'une année à l'autre",
            )
            return False
        if (indicateur, annee) in self.years:
            self.error(*loc, "annee", message=f"l'indicateur « {indicateur} » a déjà une valeur pour {annee} (valeur n°{self.years[(indicateur, annee)] + 1})")
            return False
        self.years[(indicateur, annee)] = v
        return True

    def annexe_8(self, loc, valeur, annee: int, cible: Decimal | None) -> Decimal | None | bool:
        """The target of the PSU indicator is that of Annexe 8 (None: no target that year; False: an error)."""
        if valeur.unite != "nombre":
            self.error(*loc, "unite", message="l'indicateur relié à l'Annexe 8 compte des places : unité « nombre » attendue")
            return False
        planned = self.c.targets.get(annee)
        if planned is not None and cible is not None and cible != planned:
            self.error(
                *loc, "cible",
                message=f"cible {format_number(cible)} différente de celle de l'Annexe 8 pour {annee} "
                f"({format_number(planned)} places PSU) : laissez « cible » vide, elle est reprise de l'Annexe 8",
            )
            return False
        return planned


def resolve_suivi(loaded, fiches_e: dict, trajectoires, suivis_e: dict) -> tuple[Suivi, list[Diagnostic]]:
    """Check every follow-up file against the fiches and Annexe 8; the resolved follow-up.

    ``suivis_e``: fiche number → entry, once the registry has checked that each follow-up file is
    unique and named after its fiche (« fiche-07.yaml »)."""
    territoire = loaded.one("territoire")
    checker = _Checker(fiches_e, trajectoires, loaded.failed, territoire.model.periode if territoire else None)
    revues = checker.revues(loaded.one("revues"))
    declared = {r.date for r in revues}
    suivi = Suivi(revues=revues, cibles_annexe_8=checker.targets)
    for numero, entry in fiches_e.items():
        for indicateur in entry.model.indicateurs:
            if indicateur.annexe_8:
                suivi.indicateurs_annexe_8.append((numero, indicateur.id))
    for entry in suivis_e.values():
        resolved = checker.fiche(entry, declared)
        if resolved is not None:
            suivi.fiches[resolved.numero] = resolved
    suivi.fiches = dict(sorted(suivi.fiches.items()))
    return suivi, checker.diagnostics


__all__ = ["ICONES", "INSTANCES", "STATUTS", "UNITES", "PERIODE", "Suivi", "SuiviDeFiche", "Statut", "Valeur", "resolve_suivi", "today", "date_fr"]


# --- open data --------------------------------------------------------------------------------

def _statut_record(statut: Statut) -> dict:
    record = {"statut": statut.statut, "libelle": STATUTS[statut.statut], "revue": statut.revue}
    if statut.deduit:
        record["deduit_des_objectifs"] = True
    if statut.date:
        record["date_realisation"] = statut.date
    if statut.commentaire:
        record["commentaire"] = statut.commentaire
    return record


def _valeur_record(fiche: int, valeur: Valeur, intitule: str) -> dict:
    return {
        "fiche": fiche,
        "indicateur": valeur.indicateur,
        "intitule_indicateur": intitule,
        "annee": valeur.annee,
        "date": valeur.date or "",
        "valeur": valeur.valeur,
        "unite": valeur.unite,
        "cible": valeur.cible or "",
        "cible_annexe_8": "oui" if valeur.cible_annexe_8 else "non",
        "source": valeur.source,
        "commentaire": valeur.commentaire or "",
        "revue": valeur.revue or "",
    }


def donnees_suivi(site) -> dict[str, str]:
    """Open data of the follow-up (registry export of the « revues » kind): suivi.json and three CSV
    files, written by the one CSV writer of ctg.opendata (cells neutralised there)."""
    import json

    from .opendata import _csv as write_csv

    suivi: Suivi = site.suivi
    fiches = []
    status_rows: list[dict] = []
    value_rows: list[dict] = []
    for numero, fiche in site.fiches.items():
        own = suivi.de(numero)
        labels = {i.id: i.texte for i in fiche.indicateurs}
        points = []
        for point in own.points:
            revue = suivi.revue(point.revue)
            instance = revue.instance if revue else ""
            points.append({
                "revue": point.revue,
                "fiche": _statut_record(point.fiche),
                "objectifs": [{"objectif": o, **_statut_record(s)} for o, s in point.objectifs.items()],
            })
            for objectif, statut in [("", point.fiche)] + list(point.objectifs.items()):
                status_rows.append({
                    "fiche": numero, "revue": point.revue, "instance": instance, "objectif": objectif,
                    "statut": statut.statut, "libelle_statut": STATUTS[statut.statut],
                    "deduit_des_objectifs": "oui" if statut.deduit else "non",
                    "date_realisation": statut.date or "", "commentaire": statut.commentaire or "",
                })
        valeurs = []
        for values in own.valeurs.values():
            for valeur in values:
                record = _valeur_record(numero, valeur, labels.get(valeur.indicateur, ""))
                value_rows.append(record)
                valeurs.append({k: v for k, v in record.items() if v != "" and k not in ("fiche",)})
        current = own.statut
        fiches.append({
            "numero": numero,
            "statut": _statut_record(current) if current else None,
            "points": points,
            "valeurs": valeurs,
        })
    revues = [r.model_dump(mode="json", exclude_none=True) for r in suivi.revues]
    document = {
        "periode": site.territoire.periode,
        "revue_publiee": suivi.publie,
        "statuts": STATUTS,
        "revues": revues,
        "cibles_annexe_8": {str(y): int(v) if v == v.to_integral_value() else float(v) for y, v in suivi.cibles_annexe_8.items()},
        "fiches": fiches,
    }
    review_rows = [
        {
            "date": r.date, "instance": r.instance, "libelle_instance": INSTANCES[r.instance], "intitule": r.intitule or "",
            "resume": r.resume, "decisions": " | ".join(r.decisions), "compte_rendu": r.compte_rendu or "",
        }
        for r in suivi.revues
    ]
    return {
        "suivi.json": json.dumps(document, ensure_ascii=False, indent=1),
        "suivi-revues.csv": write_csv(review_rows, ["date", "instance", "libelle_instance", "intitule", "resume", "decisions", "compte_rendu"]),
        "suivi-statuts.csv": write_csv(status_rows, ["fiche", "revue", "instance", "objectif", "statut", "libelle_statut", "deduit_des_objectifs", "date_realisation", "commentaire"]),
        "suivi-valeurs.csv": write_csv(value_rows, ["fiche", "indicateur", "intitule_indicateur", "annee", "date", "valeur", "unite", "cible", "cible_annexe_8", "source", "commentaire", "revue"]),
    }


# --- ctg diff: follow-up changes in words ---------------------------------------------------------

def _latest_statuses(model) -> dict[str, tuple[str, str, str | None]]:
    """Objective (or « fiche ») → (status, review date, comment) at its latest review."""
    found: dict[str, tuple[str, str, str | None]] = {}
    for point in sorted(model.points, key=lambda p: p.revue):
        if point.fiche is not None:
            found["fiche"] = (point.fiche.statut, point.revue, point.fiche.commentaire)
        for statut in point.objectifs:
            found[statut.objectif] = (statut.statut, point.revue, statut.commentaire)
    return found


def _values(model) -> dict[tuple[str, int], tuple[str, str | None, str]]:
    found = {}
    for valeur in model.valeurs:
        annee = valeur.annee if valeur.annee is not None else (int(valeur.date[:4]) if valeur.date else 0)
        found[(valeur.indicateur, annee)] = (valeur.valeur, valeur.cible, valeur.unite)
    return found


def revue_changes(before, after) -> list:
    """``ctg diff`` of content/suivi/revues.yaml: each review added, removed or changed."""
    from .review import Change, compare

    changes: list = []
    old_reviews = {r.date: r for e in before.of("revues") for r in e.model.revues}
    new_reviews = {r.date: r for e in after.of("revues") for r in e.model.revues}
    for iso in sorted(set(old_reviews) | set(new_reviews)):
        old, new = old_reviews.get(iso), new_reviews.get(iso)
        label = f"Revue du {date_fr(iso)}"
        if old is None:
            changes.append(Change(label, "ajout", [f"{INSTANCES[new.instance]} : {new.resume}"]))
        elif new is None:
            changes.append(Change(label, "suppression"))
        else:
            details: list[str] = []
            compare(old.model_dump(mode="json", exclude_none=True), new.model_dump(mode="json", exclude_none=True), [], details)
            if details:
                changes.append(Change(label, "modification", details))
    return changes


def fiche_suivi_changes(before, after) -> list:
    """``ctg diff`` of content/suivi/fiche-NN.yaml, as a reviewer says it:
    « Fiche 7, objectif 7.1 : en cours → réalisé ; indicateur « … » 2025 : 120 (cible —) »."""
    from .review import Change

    changes: list = []
    texts = {}
    for loaded in (before, after):
        for entry in loaded.of("fiches"):
            for indicateur in entry.model.indicateurs:
                texts[(entry.model.numero, indicateur.id)] = indicateur.texte
    old_files = {e.model.fiche: e.model for e in before.of("suivis")}
    new_files = {e.model.fiche: e.model for e in after.of("suivis")}
    for numero in sorted(set(old_files) | set(new_files)):
        old, new = old_files.get(numero), new_files.get(numero)
        if new is None:
            changes.append(Change(f"Suivi de la fiche action n°{numero}", "suppression"))
            continue
        details = _status_changes(numero, old, new) + _value_changes(numero, old, new, texts)
        if details:
            changes.append(Change(f"Suivi de la fiche action n°{numero}", "ajout" if old is None else "modification", details))
    return changes


def _status_changes(numero: int, old, new) -> list[str]:
    details = []
    old_status = _latest_statuses(old) if old else {}
    for key, (statut, revue, commentaire) in _latest_statuses(new).items():
        who = f"Fiche {numero}" + ("" if key == "fiche" else f", objectif {key}")
        when = f" (revue du {date_fr(revue)})"
        previous = old_status.get(key)
        if previous is None:
            details.append(f"{who} : {STATUTS[statut].lower()}{when}")
        elif previous[0] != statut:
            details.append(f"{who} : {STATUTS[previous[0]].lower()} → {STATUTS[statut].lower()}{when}")
        elif previous[2] != commentaire and commentaire:
            details.append(f"{who} : commentaire « {commentaire} »{when}")
    return details


def _value_changes(numero: int, old, new, texts: dict) -> list[str]:
    details = []
    old_values = _values(old) if old else {}
    new_values = _values(new)
    for (indicateur, annee), (valeur, cible, unite) in sorted(new_values.items()):
        head = f"Fiche {numero}, indicateur « {texts.get((numero, indicateur), indicateur)} » {annee}"
        target = cible if cible is not None else "—"
        previous = old_values.get((indicateur, annee))
        if previous is None:
            details.append(f"{head} : {valeur} (cible {target})")
        elif previous[:2] != (valeur, cible):
            details.append(f"{head} : {previous[0]} → {valeur} (cible {target})")
        elif previous[2] != unite:
            details.append(f"{head} : unité {previous[2]} → {unite}")
    for indicateur, annee in sorted(set(old_values) - set(new_values)):
        details.append(f"Fiche {numero}, indicateur « {texts.get((numero, indicateur), indicateur)} » {annee} : valeur retirée")
    return details
