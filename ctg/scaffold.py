"""`ctg new`: valid skeletons in the right place, with the next free number or a unique id."""

from __future__ import annotations

import json
import re
from pathlib import Path

from schema.vocabulaires import EQUIPEMENT_TYPE_LABELS

from .kinds import KIND
from .text import slug
from .yamlsource import read_yaml

PLACEHOLDER = "À compléter"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def slugify(text: str) -> str:
    return slug(text)[:50].strip("-") or "sans-nom"


def _fail(message: str) -> int:
    print(f"ctg new : {message}")
    return 2


def _file(content: Path, kind: str, **fields) -> Path:
    """Where the registry puts an entry of this kind (« content/fiches/fiche-07.yaml »)."""
    return content / KIND[kind].file(**fields)


def _territoire(content: Path, key: str, default: str) -> str:
    """A detail of the territory (the agglomération's acteur id, the convention's period), from
    content/referentiels/territoire.yaml: no territory is written in the code."""
    doc, _ = read_yaml(_file(content, "territoire"), "territoire.yaml")
    found = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
    return str(found) if found else default


def _agglomeration(content: Path) -> str:
    return _territoire(content, "acteur", "agglomeration")


def new_fiche(content: Path, thematique: str, titre: str) -> Path:
    folder = content / KIND["fiches"].folder
    numbers = [int(m.group(1)) for p in folder.glob("fiche-*.yaml") if (m := re.fullmatch(r"fiche-(\d+)", p.stem))]
    numero = max(numbers, default=0) + 1
    path = _file(content, "fiches", numero=numero)
    agglomeration = _agglomeration(content)
    periode = _territoire(content, "periode", PLACEHOLDER)
    path.write_text(
        f"""\
# Fiche action n°{numero} — squelette créé par « ctg new fiche ».
# Remplacez chaque « {PLACEHOLDER} » par le texte de la source ; « ctg check » les signale tant qu'il en reste.
# Le sens de chaque champ est décrit dans CONTRIBUTING.md et dans schema/json/fiche.schema.json.
numero: {numero}
titre: {_quote(titre)}
thematique: {thematique}
orientations_sdsf: []
loi_sppe: []
contexte:
  - "{PLACEHOLDER} : contexte et diagnostic, un paragraphe par élément."
objectifs:
  - numero: "{numero}.1"
    intitule: "{PLACEHOLDER} : intitulé de l'objectif {numero}.1"
    actions:
      - "{PLACEHOLDER} : action pour l'objectif {numero}.1"
publics:
  - "{PLACEHOLDER} : public visé"
calendrier:
  - Période de la CTG {periode}
pilotes:
  - libelle: "{PLACEHOLDER} : rôle — structure"
    acteurs: [{agglomeration}]
partenaires: []
resultats_attendus:
  - "{PLACEHOLDER} : résultat attendu"
indicateurs:
  - id: indicateur-1
    texte: "{PLACEHOLDER} : indicateur d'évaluation"
notes_source: []
source:
  lignes: "{PLACEHOLDER} : lignes de la fiche dans le texte OCR (ex. « 4986-5093 »)"
  partie: "Annexe 4, fiche action n°{numero}"
""",
        encoding="utf-8",
    )
    return path


def new_equipement(content: Path, commune: str, type_: str, nom: str, gestionnaire: str) -> tuple[Path, str]:
    folder = content / KIND["equipements"].folder
    path = _file(content, "equipements", collectivite=commune)
    existing_ids = set()
    for other in folder.glob("*.yaml"):
        existing_ids |= set(re.findall(r"^\s*-?\s*id:\s*([a-z0-9-]+)\s*$", other.read_text(encoding="utf-8"), re.M))
    base = f"{commune}-{type_}-{slugify(nom)}"
    identifier, suffix = base, 2
    while identifier in existing_ids:
        identifier, suffix = f"{base}-{suffix}", suffix + 1
    item = (
        f"  - id: {identifier}\n"
        f"    type: {type_}\n"
        f"    intitule_type: {_quote(EQUIPEMENT_TYPE_LABELS[type_])}\n"
        f"    nom: {_quote(nom)}\n"
        f"    gestionnaire:\n"
        f"      nom: \"{PLACEHOLDER} : nom du gestionnaire tel que la source l'écrit\"\n"
        f"      acteur: {gestionnaire}\n"
        f"      adresse:\n"
        f"        voie: \"{PLACEHOLDER} : numéro et voie\"\n"
        f"        ville: \"{PLACEHOLDER}\"\n"
        f"    implantations: []\n"
        f"    remarques: []\n"
    )
    if not path.exists():
        path.write_text(
            f"# Liste d'équipements créée par « ctg new equipement ».\ncollectivite: {commune}\nentete: present\nequipements:\n" + item,
            encoding="utf-8",
        )
        return path, identifier
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^equipements:", line)), None)
    if start is None:
        lines.append("equipements:\n")
        lines.append(item)
    else:
        if lines[start].strip() == "equipements: []":
            lines[start] = "equipements:\n"
        # The list ends at the next top-level key (a line starting with a letter).
        end = next((i for i in range(start + 1, len(lines)) if re.match(r"^[A-Za-z_]", lines[i])), len(lines))
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        if end > 0 and not lines[end - 1].endswith("\n"):
            lines[end - 1] += "\n"
        lines.insert(end, item)
    path.write_text("".join(lines), encoding="utf-8")
    return path, identifier


def run_new(arguments) -> int:
    content = Path(arguments.dossier)
    if not content.is_dir():
        return _fail(f"dossier de contenu introuvable : {content}")
    if arguments.type == "suivi":
        return run_new_suivi(arguments)
    if arguments.type == "fiche":
        thematiques = re.findall(r"^\s*-\s*id:\s*([a-z0-9-]+)", _file(content, "thematiques").read_text(encoding="utf-8"), re.M)
        if arguments.thematique not in thematiques:
            return _fail(f"--thematique attendu parmi : {', '.join(thematiques)}")
        if not arguments.titre:
            return _fail("--titre attendu (le titre complet de la fiche)")
        path = new_fiche(content, arguments.thematique, arguments.titre)
        print(f"ctg new : {path} créé. Complétez les champs « {PLACEHOLDER} », puis lancez « ctg check ».")
        return 0
    missing = [name for name in ("commune", "type_equipement", "titre", "gestionnaire") if not getattr(arguments, name)]
    if missing:
        return _fail("arguments manquants : " + ", ".join("--" + m.replace("_", "-").replace("titre", "titre (nom de l'équipement)") for m in missing))
    if arguments.type_equipement not in EQUIPEMENT_TYPE_LABELS:
        return _fail(f"--type-equipement attendu parmi : {', '.join(EQUIPEMENT_TYPE_LABELS)}")
    known = {p.stem for p in (content / KIND["communes"].folder).glob("*.yaml")} | {_agglomeration(content)}
    if arguments.commune not in known:
        return _fail(f"--commune inconnue « {arguments.commune} » ; possibles : {', '.join(sorted(known))}")
    if not _file(content, "acteurs", id=arguments.gestionnaire).exists():
        return _fail(f"--gestionnaire : acteur inconnu « {arguments.gestionnaire} » (voir content/acteurs/)")
    path, identifier = new_equipement(content, arguments.commune, arguments.type_equipement, arguments.titre, arguments.gestionnaire)
    print(f"ctg new : équipement « {identifier} » ajouté à {path}. Complétez les champs « {PLACEHOLDER} », puis lancez « ctg check ».")
    return 0


# --- ctg new suivi --fiche N --revue AAAA-MM-JJ ------------------------------------------------------

_STATUTS_AIDE = "a-venir, en-cours, realise, en-pause, abandonne, bloque, en-retard"


def _declare_review(content: Path, revue: str) -> bool:
    """Add a review skeleton to content/suivi/revues.yaml when the date is not declared yet."""
    path = content / "suivi" / "revues.yaml"
    item = (
        f'  - date: "{revue}"\n'
        f"    instance: groupe-projet  # {PLACEHOLDER} : comite-de-pilotage, groupe-projet ou autre\n"
        f'    resume: "{PLACEHOLDER} : ce que la revue a constaté, en quelques phrases"\n'
        "    decisions: []\n"
    )
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Revues du plan d'actions (Article 7) : voir CONTRIBUTING.md, « Le suivi ».\nrevues:\n" + item, encoding="utf-8")
        return True
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^\s*-?\s*date:\s*\"?{re.escape(revue)}\"?\s*$", text, re.M):
        return False
    if re.search(r"^revues:\s*\[\]\s*$", text, re.M):
        text = re.sub(r"^revues:\s*\[\]\s*$", "revues:", text, count=1, flags=re.M)
    text = text.rstrip("\n") + "\n" + item
    path.write_text(text, encoding="utf-8")
    return True


def new_suivi(content: Path, numero: int, revue: str) -> tuple[Path, bool]:
    """The follow-up of fiche ``numero`` for review ``revue``: a new file, or one more review in it."""
    from .yamlsource import read_yaml

    fiche_path = content / "fiches" / f"fiche-{numero:02d}.yaml"
    doc, _ = read_yaml(fiche_path, str(fiche_path))
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    objectifs = [str(o.get("numero")) for o in data.get("objectifs", []) if isinstance(o, dict)]
    indicateurs = [i for i in data.get("indicateurs", []) if isinstance(i, dict) and i.get("id")]
    lines = [f'  - revue: "{revue}"', "    objectifs:"]
    for objectif in objectifs:
        lines += [
            f'      - objectif: "{objectif}"',
            f"        statut: a-venir  # {PLACEHOLDER} : {_STATUTS_AIDE} (« realise » demande une « date »)",
        ]
    point = "\n".join(lines) + "\n"
    path = content / "suivi" / f"fiche-{numero:02d}.yaml"
    declared = _declare_review(content, revue)
    if not path.exists():
        examples = []
        for indicateur in indicateurs:
            examples += [
                f"#  - indicateur: {indicateur['id']}   # {indicateur.get('texte', '')}",
                f"#    annee: {revue[:4]}",
                '#    valeur: "0"',
                "#    unite: nombre            # nombre, pourcentage, oui-non ou texte",
                '#    source: "D\'où vient le chiffre"',
            ]
        path.write_text(
            f"# Suivi de la fiche action n°{numero} — créé par « ctg new suivi ».\n"
            f"# Pour chaque objectif, remplacez le statut par celui décidé à la revue, puis lancez « ctg check ».\n"
            f"fiche: {numero}\npoints:\n" + point
            + "valeurs: []\n# Valeurs des indicateurs : remplacez « valeurs: [] » par « valeurs: » et retirez les « # » d'un exemple.\n"
            + "\n".join(examples) + ("\n" if examples else ""),
            encoding="utf-8",
        )
        return path, declared
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^\s*-\s*revue:\s*\"?{re.escape(revue)}\"?\s*$", text, re.M):
        raise ValueError(f"{path} suit déjà la revue du {revue}")
    file_lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(file_lines) if re.match(r"^points:", line)), None)
    if start is None:
        file_lines.insert(next((i + 1 for i, line in enumerate(file_lines) if line.startswith("fiche:")), 0), "points:\n" + point)
    else:
        if file_lines[start].strip() == "points: []":
            file_lines[start] = "points:\n"
        end = next((i for i in range(start + 1, len(file_lines)) if re.match(r"^[A-Za-z_#]", file_lines[i])), len(file_lines))
        while end > start + 1 and not file_lines[end - 1].strip():
            end -= 1
        if not file_lines[end - 1].endswith("\n"):
            file_lines[end - 1] += "\n"
        file_lines.insert(end, point)
    path.write_text("".join(file_lines), encoding="utf-8")
    return path, declared


def run_new_suivi(arguments) -> int:
    content = Path(arguments.dossier)
    if arguments.fiche is None or not arguments.revue:
        return _fail("arguments manquants : --fiche (numéro de la fiche) et --revue (date de la revue, AAAA-MM-JJ)")
    try:
        numero = int(arguments.fiche)
    except ValueError:
        return _fail(f"--fiche attend un numéro de fiche, « {arguments.fiche} » trouvé")
    if not (content / "fiches" / f"fiche-{numero:02d}.yaml").exists():
        return _fail(f"--fiche : aucune fiche n°{numero} (content/fiches/fiche-{numero:02d}.yaml)")
    from datetime import date

    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", arguments.revue):
            raise ValueError
        day = date.fromisoformat(arguments.revue)
    except ValueError:
        return _fail(f"--revue attend une date AAAA-MM-JJ (ex. 2026-06-30), « {arguments.revue} » trouvé")
    if not date(2025, 1, 1) <= day <= date(2029, 12, 31):
        return _fail(f"--revue : le {arguments.revue} est hors de la période de la convention (2025-2029)")
    try:
        path, declared = new_suivi(content, numero, arguments.revue)
    except ValueError as error:
        return _fail(str(error))
    extra = f" Revue du {arguments.revue} ajoutée à content/suivi/revues.yaml (à compléter)." if declared else ""
    print(f"ctg new : {path} prêt pour la revue du {arguments.revue}.{extra} Complétez les champs « {PLACEHOLDER} », puis lancez « ctg check ».")
    return 0
