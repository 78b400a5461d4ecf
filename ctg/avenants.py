"""Avenants (article 11 of the convention): the text in force, computed, never written back.

The signed files of content/ stay as signed. Each avenant (content/avenants/avenant-NN.yaml) lists
its modifications; they are applied in number order to copies of the signed models, and every
modification is checked against the text in force just before it: its target exists and its former
text (« texte_avant ») is really there. An avenant therefore cannot silently aim at the wrong
sentence. The result is a second Site (the text in force) next to the signed one.

Pages show the text in force with the changed passages marked: a marked copy of the models carries
private-use characters around each change (``mark``), which ``ctg.pages.avenants`` turns into
``<del>``/``<ins>`` with a text label once the page is written (escaping happens before, as usual).
"""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from schema import Avenant
from schema.avenant import Modification

from .content import Entry, LoadedContent
from .kinds import KINDS
from .diagnostics import Diagnostic
from .model import EquipementPlace, Site

# Around a changed passage in the marked copy: OPEN numero SEP old SEP new CLOSE.
OPEN, SEP_OLD, SEP_NEW, CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
MARK = re.compile(f"{OPEN}([0-9]+){SEP_OLD}([^{CLOSE}]*?){SEP_NEW}([^{CLOSE}]*?){CLOSE}")
PERIOD = (date(2025, 1, 1), date(2029, 12, 31))  # « CTG 2025-2029 »; the convention's own period if it says so

# Which loaded kinds an avenant may target, and how an entry is named by the avenant.
TARGET_KINDS = {
    "texte": ("textes_convention", "textes_annexes", "textes_presentation"),
    "fiche": ("fiches",),
    "equipement": ("equipements",),
    "trajectoire": ("trajectoires",),
}
# Keys that name an item of a list, in this order (« objectifs[7.2] », « lignes[calais-eaje-frimousses] »).
IDENTITY_KEYS = ("numero", "id", "equipement", "nom_source", "autorite")
# The text that stands for an item (what « texte_avant » quotes when a whole item goes).
MAIN_TEXT_KEYS = ("texte", "paragraphe", "intertitre", "intitule", "nom", "intitule_type", "nom_source", "valeur", "libelle", "titre")


def mark(numero: int, old: str, new: str) -> str:
    return f"{OPEN}{numero}{SEP_OLD}{old}{SEP_NEW}{new}{CLOSE}"


def unmark(text: str) -> str:
    """The text in force of a marked text (removed passages dropped, added ones kept)."""
    return MARK.sub(lambda m: m.group(3), text)


@dataclass(frozen=True)
class Change:
    """One modification of one avenant, once applied: what it changed and where."""

    avenant: Avenant
    index: int  # position of the modification in the avenant
    modification: Modification
    content_file: str  # « content/convention/article-11.yaml »: pages list their files this way
    target_label: str  # « Article 11 — Exécution formelle… », « Fiche action n°3 »…

    @property
    def numero(self) -> int:
        return self.avenant.numero


@dataclass(frozen=True)
class Versions:
    """The avenants and the site as signed, next to the Site that holds the text in force."""

    avenants: tuple[Avenant, ...]
    changes: tuple[Change, ...] = ()
    signe: Site | None = None  # None: no avenant, the text in force is the signed text
    marque: Site | None = None  # text in force with changed passages marked (for pages only)

    @property
    def date_consolidation(self) -> str | None:
        return self.avenants[-1].date_signature if self.avenants else None

    def changes_for(self, files) -> list[Change]:
        wanted = set(files)
        return [c for c in self.changes if c.content_file in wanted]


# --- paths inside a model ------------------------------------------------------------------------

_TOKEN = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[([^\[\]]+)\]")


class TargetError(Exception):
    """A modification that cannot be applied; ``field`` is the avenant key the message belongs to."""

    def __init__(self, message: str, field: str = "champ"):
        super().__init__(message)
        self.field = field


def parse_path(text: str | None) -> list[tuple[str, str]]:
    """« objectifs[7.2].actions » → [("key", "objectifs"), ("item", "7.2"), ("key", "actions")]."""
    if not text:
        return []
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or (match.group(1) and position == 0 and text.startswith(".")):
            raise TargetError(f"chemin de champ illisible « {text} » à partir de « {text[position:]} » : écrivez par exemple « objectifs[7.2].actions » ou « sections[1].contenu[2].paragraphe »")
        tokens.append(("key", match.group(1)) if match.group(1) else ("item", match.group(2).strip()))
        position = match.end()
    return tokens


def _identity(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in IDENTITY_KEYS:
            if item.get(key) is not None:
                return str(item[key])
    return None


def main_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in MAIN_TEXT_KEYS:
            if isinstance(value.get(key), str):
                return value[key]
    return None


def _main_key(value: dict) -> str | None:
    return next((k for k in MAIN_TEXT_KEYS if isinstance(value.get(k), str)), None)


def _select(node: Any, selector: str, walked: str) -> Any:
    if isinstance(node, list):
        identified = [i for i, item in enumerate(node) if _identity(item) == selector]
        if identified:
            return identified[0]
        if selector.isdigit() and all(_identity(item) is None for item in node):
            position = int(selector)
            if 1 <= position <= len(node):
                return position - 1
            raise TargetError(f"« {walked}[{selector}] » : la liste n'a que {len(node)} élément(s) (positions à partir de 1)")
        known = [x for x in (_identity(item) for item in node) if x is not None]
        hint = f" ; éléments : {', '.join(known[:12])}" if known else f" ; la liste a {len(node)} élément(s), numérotés à partir de 1"
        raise TargetError(f"élément « {selector} » introuvable dans « {walked} »{hint}")
    if isinstance(node, dict):
        for key in node:
            if str(key) == selector:
                return key
        raise TargetError(f"« {selector} » introuvable dans « {walked} » (clés : {', '.join(str(k) for k in list(node)[:12])})")
    raise TargetError(f"« {walked} » n'est pas une liste : « [{selector}] » ne peut rien y désigner")


def locate(root: dict, tokens: list[tuple[str, str]]) -> tuple[Any, Any]:
    """(container, key) of the value a path names; the root itself is ``(None, None)``."""
    container, key, node, walked = None, None, root, ""
    for kind, name in tokens:
        if kind == "key":
            if not isinstance(node, dict) or name not in node:
                fields = ", ".join(k for k in node) if isinstance(node, dict) else ""
                raise TargetError(f"champ « {name} » introuvable{' dans « ' + walked + ' »' if walked else ''}" + (f" (champs : {fields})" if fields else ""))
            container, key = node, name
            walked = f"{walked}.{name}" if walked else name
        else:
            container, key = node, _select(node, name, walked or "la cible")
            walked = f"{walked}[{name}]"
        node = container[key]
    return container, key


# --- applying one modification ---------------------------------------------------------------------


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _replace_passage(current: str, before: str, after: str, numero: int, marked: bool) -> str:
    count = current.count(before)
    if count == 0:
        raise TargetError(f"le texte d'avant ne correspond pas au texte en vigueur, qui est : « {_short(current)} »", "texte_avant")
    if count > 1:
        raise TargetError(f"le texte d'avant figure {count} fois dans le texte en vigueur : citez un passage plus long, qui n'y figure qu'une fois", "texte_avant")
    replacement = mark(numero, before, after) if marked else after
    return current.replace(before, replacement, 1)


def _structured(item: Any) -> bool:
    """An item with an identity (objectif, équipement, ligne): removed outright, even on marked pages."""
    return isinstance(item, dict) and _identity(item) is not None


def _new_item(sample: Any, text: str) -> Any:
    if isinstance(sample, dict):
        if any(k in sample for k in ("paragraphe", "intertitre", "liste", "tableau", "donnees", "note")):
            return {"paragraphe": text}
        if "texte" in sample:
            return {"texte": text}
    return text


def apply(root: dict, modification: Modification, numero: int, marked: bool, whole_item: tuple[Any, Any] | None) -> None:
    """Apply one modification to a dumped model (in place). ``whole_item`` is (list, index) when the
    target is an item found by id outside of the path (an équipement in its collectivité's list)."""
    tokens = parse_path(modification.cible.champ)
    if tokens:
        container, key = locate(root, tokens)
    elif whole_item is not None:
        container, key = whole_item
    else:
        container, key = None, None
    value = root if container is None else container[key]
    action = {"ajouter": _add, "remplacer": _replace, "supprimer": _remove}[modification.action]
    action(container, key, value, modification, numero, marked)


def _add(container, key, value, modification: Modification, numero: int, marked: bool) -> None:
    after = modification.texte_apres
    if isinstance(value, list):
        if modification.element is not None:
            element = copy.deepcopy(modification.element)
            text_key = _main_key(element)
            if marked and text_key:
                element[text_key] = mark(numero, "", element[text_key])
            value.append(element)
        else:
            value.append(_new_item(value[0] if value else None, mark(numero, "", after) if marked else after))
        return
    if modification.element is not None:
        raise TargetError("« element » s'ajoute à une liste : le champ visé n'en est pas une", "element")
    if not isinstance(value, str):
        raise TargetError("on ajoute à une liste ou à la fin d'un texte : le champ visé n'est ni l'un ni l'autre")
    container[key] = f"{value} {mark(numero, '', after) if marked else after}"


def _replace(container, key, value, modification: Modification, numero: int, marked: bool) -> None:
    before, after = modification.texte_avant, modification.texte_apres
    if isinstance(value, str):
        container[key] = _replace_passage(value, before, after, numero, marked)
        return
    text_key = _main_key(value) if isinstance(value, dict) else None
    if text_key is None:
        raise TargetError("le champ visé n'est pas un texte : précisez le champ (ex. « …intitule », « …paragraphe »)")
    if text_key == "valeur":  # a cell of a table: its value, whole, and no more « lu » reading
        container[key] = {"valeur": _new_cell_value(value["valeur"], before, after)}
        return
    value[text_key] = _replace_passage(value[text_key], before, after, numero, marked)


def _new_cell_value(current: str, before: str, after: str) -> str:
    from schema.chiffres import SPECIAL_VALUES, parse_number

    if current != before:
        raise TargetError(f"le texte d'avant ne correspond pas à la valeur en vigueur « {current} »", "texte_avant")
    if parse_number(after) is None and after not in SPECIAL_VALUES:
        raise TargetError(f"valeur non numérique « {after} » pour une cellule de tableau : un nombre comme la source l'imprime (« 48 », « 0,5 »)", "texte_apres")
    return after


def _remove(container, key, value, modification: Modification, numero: int, marked: bool) -> None:
    before = modification.texte_avant
    if container is None:
        raise TargetError("précisez le champ à supprimer (« champ »)")
    if isinstance(container, list):
        _remove_item(container, key, value, before, numero, marked)
        return
    if not isinstance(value, str):
        raise TargetError("le champ visé n'est ni un texte ni un élément de liste")
    if value.strip() == before:
        raise TargetError("supprimer tout le texte d'un champ : visez l'élément de liste qui le porte, ou remplacez le texte", "texte_avant")
    result = _replace_passage(value, before, "", numero, marked)
    container[key] = result if marked else " ".join(result.split())


def _remove_item(container: list, key: int, value: Any, before: str, numero: int, marked: bool) -> None:
    current = main_text(value)
    if current is None or current != before:
        shown = f"« {_short(current)} »" if current is not None else "un élément sans texte"
        raise TargetError(f"le texte d'avant ne correspond pas à l'élément visé, qui est {shown}", "texte_avant")
    if not marked or _structured(value):
        del container[key]
    elif isinstance(value, str):
        container[key] = mark(numero, value, "")
    else:
        value[_main_key(value)] = mark(numero, current, "")


# --- the whole consolidation ------------------------------------------------------------------------


@dataclass
class _Target:
    kind: str
    entry: Entry
    clean: dict
    marked: dict
    item: tuple[str, int] | None = None  # ("equipements", index) for an équipement
    last: tuple[Entry, int] | None = None  # avenant entry and modification index that last changed it
    changed: bool = False


def _period(loaded: LoadedContent) -> tuple[date, date]:
    """The convention's period, as the territory or the convention writes it (« 2025-2029 »)."""
    for kind in ("territoire", "convention"):
        entry = loaded.one(kind)
        text = getattr(entry.model, "periode", None) if entry is not None else None
        years = [int(y) for y in re.findall(r"\b((?:19|20)[0-9]{2})\b", text or "")]
        if len(years) >= 2:
            return date(min(years), 1, 1), date(max(years), 12, 31)
    return PERIOD


def _folder_of(kind: str) -> str:
    return next(k.folder for k in KINDS if k.name == kind)


def _label(kind: str, model: Any, target_id: str) -> str:
    if kind.startswith("textes_"):
        return model.titre
    if kind == "fiches":
        return f"Fiche action n°{model.numero}"
    if kind == "equipements":
        return f"Équipement « {target_id} » (Annexe 3)"
    if kind == "trajectoires":
        return f"Trajectoire des places de {model.intitule_source} (Annexe 8)"
    return target_id


def check_avenants(loaded: LoadedContent) -> tuple[list[tuple[Entry, Avenant]], list[Diagnostic]]:
    """Numbers 1, 2, 3… with file names to match, dates inside the period and in order, deliberations known."""
    diagnostics: list[Diagnostic] = []
    entries = sorted(loaded.of("avenants"), key=lambda e: (e.model.numero, e.stem))
    start, end = _period(loaded)
    deliberations = {e.model.id for e in loaded.of("deliberations")} | {name for kind, name in loaded.failed if kind == "deliberations"}
    previous: Entry | None = None
    for expected, entry in enumerate(entries, start=1):
        avenant: Avenant = entry.model
        duplicate = previous is not None and previous.model.numero == avenant.numero  # reported by the resolver (registry key)
        if avenant.numero != expected and not duplicate:
            diagnostics.append(entry.at("numero", message=f"avenant n°{avenant.numero} hors de la suite : les avenants sont numérotés 1, 2, 3… sans trou ni double (n°{expected} attendu ici)"))
        signed = date.fromisoformat(avenant.date_signature)
        if not start <= signed <= end:
            diagnostics.append(entry.at("date_signature", message=f"date de signature {avenant.date_signature} hors de la période de la convention ({start.isoformat()} – {end.isoformat()})"))
        if previous is not None and avenant.date_signature < previous.model.date_signature:
            diagnostics.append(entry.at("date_signature", message=f"l'avenant n°{avenant.numero} est daté du {avenant.date_signature}, avant l'avenant n°{previous.model.numero} ({previous.model.date_signature}) : les avenants se suivent dans l'ordre de leur signature"))
        for index, identifier in enumerate(avenant.deliberations):
            if identifier not in deliberations:
                diagnostics.append(entry.at("deliberations", index, message=f"délibération inconnue « {identifier} » : aucun fichier content/deliberations/{identifier}.yaml"))
        previous = entry
    return [(e, e.model) for e in entries], diagnostics


def _find_target(loaded: LoadedContent, targets: dict, kind_name: str, target_id: str) -> _Target | None:
    for kind in TARGET_KINDS[kind_name]:
        for entry in loaded.of(kind):
            model = entry.model
            if kind_name == "equipement":
                for index, equipement in enumerate(model.equipements):
                    if equipement.id == target_id:
                        return _target(targets, kind, entry, ("equipements", index), target_id)
                continue
            key = {"texte": lambda m: m.id, "fiche": lambda m: str(m.numero), "trajectoire": lambda m: m.autorite}[kind_name](model)
            wanted = target_id.lstrip("0") if kind_name == "fiche" else target_id
            if key == wanted:
                return _target(targets, kind, entry, None, target_id)
    return None


def _target(targets: dict, kind: str, entry: Entry, item, target_id: str) -> _Target:
    key = (kind, entry.stem)
    if key not in targets:
        dumped = entry.model.model_dump(mode="python", exclude_none=True)
        targets[key] = _Target(kind, entry, dumped, copy.deepcopy(dumped))
    target = targets[key]
    if item is not None:
        # An équipement is found by id in its list, wherever earlier modifications moved it.
        items = target.clean["equipements"]
        index = next((i for i, x in enumerate(items) if x.get("id") == target_id), None)
        target.item = ("equipements", index) if index is not None else None
    else:
        target.item = None
    return target


def consolidate(loaded: LoadedContent, signed: Site | None) -> tuple[Site | None, list[Diagnostic]]:
    """The Site of the text in force (with ``versions``), or the problems of the avenants.

    Without avenant, the signed Site is returned as it is, with an empty ``versions``."""
    avenants, diagnostics = check_avenants(loaded)
    if not avenants:
        return (dataclasses.replace(signed, versions=Versions(avenants=())) if signed is not None else None), diagnostics
    work = _Consolidation(loaded, diagnostics)
    for entry, avenant in avenants:
        for index, modification in enumerate(avenant.modifications):
            work.apply_one(entry, avenant, index, modification)
    if work.diagnostics:
        return None, work.diagnostics
    in_force, marked_models = work.in_force_content()
    if work.diagnostics or signed is None:
        return None, work.diagnostics
    from .resolve import resolve

    site, problems = resolve(in_force)
    if problems or site is None:
        # The signed text was valid (signed is not None): every problem comes from an avenant, except
        # those of the follow-up, checked here for the first time (against the text in force).
        suivi_files = {e.doc.display for kind in ("revues", "suivis") for e in loaded.of(kind)}
        of_suivi = [p for p in problems if p.path in suivi_files]
        others = [p for p in problems if p.path not in suivi_files]
        return None, of_suivi + (work.late_problems(others, avenants) if others or not of_suivi else [])
    versions = Versions(avenants=tuple(a for _, a in avenants), changes=tuple(work.changes), signe=signed, marque=_marked_site(site, marked_models))
    return dataclasses.replace(site, versions=versions), []


class _Consolidation:
    """Modifications applied one by one to copies of the signed models, with every problem found."""

    def __init__(self, loaded: LoadedContent, diagnostics: list[Diagnostic]):
        self.loaded = loaded
        self.diagnostics = diagnostics
        self.targets: dict[tuple[str, str], _Target] = {}
        self.changes: list[Change] = []
        self.model_of = {k.name: k.model for k in KINDS}

    def apply_one(self, entry: Entry, avenant: Avenant, index: int, modification: Modification) -> None:
        cible = modification.cible
        target = _find_target(self.loaded, self.targets, cible.type, cible.id)
        if target is None or (cible.type == "equipement" and target.item is None):
            self.diagnostics.append(entry.at("modifications", index, "cible", "id", message=f"cible inconnue : aucun(e) {_kind_words(cible.type)} « {cible.id} » dans le texte en vigueur avant l'avenant n°{avenant.numero}"))
            return
        clean_root, clean_whole = _roots(target, target.clean, cible)
        try:
            apply(clean_root, modification, avenant.numero, marked=False, whole_item=clean_whole)
        except TargetError as error:
            field_loc = ("cible", "champ" if cible.champ else "id") if error.field == "champ" else (error.field,)
            self.diagnostics.append(entry.at("modifications", index, *field_loc, message=f"{error} ({_label(target.kind, target.entry.model, cible.id)})"))
            return
        if modification.element is not None and not self._element_valid(entry, index, modification, target):
            return
        try:
            marked_root, marked_whole = _roots(target, target.marked, cible)
            apply(marked_root, modification, avenant.numero, marked=True, whole_item=marked_whole)
        except (TargetError, KeyError, IndexError, TypeError):
            target.marked = copy.deepcopy(target.clean)  # marks lost for this file, text in force kept
        target.changed, target.last = True, (entry, index)
        folder = _folder_of(target.kind)
        self.changes.append(Change(avenant, index, modification, f"content/{folder}/{target.entry.stem}.yaml", _label(target.kind, target.entry.model, cible.id)))

    def _element_valid(self, entry: Entry, index: int, modification: Modification, target: _Target) -> bool:
        """A new element is checked at once, against the schema of the list it joins."""
        try:
            self.model_of[target.kind].model_validate(target.clean)
        except ValidationError as error:
            first = error.errors()[0]
            key = next((str(x) for x in reversed(first["loc"]) if str(x) in modification.element), None)
            loc = ("modifications", index, "element") + ((key,) if key else ())
            self.diagnostics.append(entry.at(*loc, message=f"élément ajouté invalide ({'.'.join(str(x) for x in first['loc'])}) : {first['msg']}"))
            return False
        return True

    def in_force_content(self) -> tuple[LoadedContent, dict]:
        """The loaded content with the changed models in place of the signed ones, and the marked models."""
        loaded = self.loaded
        in_force = LoadedContent(root=loaded.root, entries={k: list(v) for k, v in loaded.entries.items()}, diagnostics=list(loaded.diagnostics), files=list(loaded.files), failed=set(loaded.failed))
        marked_models: dict[tuple[str, str], Any] = {}
        for key, target in self.targets.items():
            kind_model = self.model_of[target.kind]
            try:
                model = kind_model.model_validate(target.clean)
            except ValidationError as error:
                avenant_entry, index = target.last
                first = error.errors()[0]
                where = ".".join(str(x) for x in first["loc"])
                self.diagnostics.append(avenant_entry.at("modifications", index, message=f"une fois l'avenant appliqué, {target.entry.doc.display} n'est plus valide ({where}) : {first['msg']}"))
                continue
            try:
                marked_models[key] = kind_model.model_validate(target.marked)
            except ValidationError:
                marked_models[key] = model
            entries = in_force.entries[target.kind]
            entries[entries.index(target.entry)] = Entry(model=model, doc=target.entry.doc)
        return in_force, marked_models

    def late_problems(self, problems: list[Diagnostic], avenants: list) -> list[Diagnostic]:
        """Problems of the text in force (a reference to a removed équipement…), placed on the avenant."""
        by_file = {t.entry.doc.display: t for t in self.targets.values()}
        found = []
        for problem in problems:
            target = by_file.get(problem.path)
            avenant_entry, index = target.last if target and target.last else (avenants[-1][0], 0)
            modification = avenant_entry.model.modifications[index]
            field_name = "texte_apres" if modification.texte_apres else ("element" if modification.element else None)
            found.append(avenant_entry.at("modifications", index, *((field_name,) if field_name else ()), message=f"une fois les avenants appliqués : {problem.path}:{problem.line}:{problem.column}: {problem.message}"))
        return found or [avenants[-1][0].at("numero", message="le texte en vigueur ne peut pas être calculé")]


def _roots(target: _Target, dumped: dict, cible) -> tuple[Any, tuple[Any, Any] | None]:
    """Where a path starts (an équipement's path starts at the équipement) and, without path, the item itself."""
    if target.item is None:
        return dumped, None
    list_key = target.item[0]
    position = next((i for i, x in enumerate(dumped[list_key]) if x.get("id") == cible.id), None)
    if position is None:
        raise KeyError(cible.id)
    if cible.champ:
        return dumped[list_key][position], None
    return dumped, (dumped[list_key], position)


def _kind_words(kind: str) -> str:
    return {"texte": "texte", "fiche": "fiche action n°", "equipement": "équipement", "trajectoire": "trajectoire"}[kind]


def _marked_site(site: Site, marked_models: dict) -> Site:
    textes, fiches, listes, trajectoires = dict(site.textes), dict(site.fiches), dict(site.listes_equipements), dict(site.trajectoires)
    equipements = dict(site.equipements)
    for (kind, _stem), model in marked_models.items():
        if kind.startswith("textes_"):
            textes[model.id] = model
        elif kind == "fiches":
            fiches[model.numero] = model
        elif kind == "trajectoires":
            trajectoires[model.autorite] = model
        elif kind == "equipements":
            listes[model.collectivite] = model
            for equipement in model.equipements:
                if equipement.id in equipements:
                    place = equipements[equipement.id]
                    equipements[equipement.id] = EquipementPlace(equipement, place.collectivite, place.communes, place.communes_of_sites)
    return dataclasses.replace(site, textes=textes, fiches=fiches, listes_equipements=listes, equipements=equipements, trajectoires=trajectoires)
