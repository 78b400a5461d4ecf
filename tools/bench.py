"""Benchmark (not a test): validation and build at ×1, ×10 and ×100 content, sizes, page weights,
rebuild time under `mkdocs serve`, the overhead of generation compared with hand-written Markdown, and
what a first search downloads (Pagefind, in Chromium) next to Material's lunr index.

Usage: make bench            (writes the results table on standard output)
       .venv/bin/python tools/bench.py --facteurs 1 10 --sans-serve   (quicker run)
       .venv/bin/python tools/bench.py --avec-suivi --sans-serve --sans-lunr   (with a synthetic follow-up of every fiche)
"""

from __future__ import annotations

import argparse
import copy as copy_module
import gzip
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}


def scaled_content(factor: int, destination: Path) -> Path:
    """A copy of the real content with fiches and équipements multiplied by ``factor``."""
    shutil.copytree(CONTENT, destination)
    if factor == 1:
        return destination
    fiches = sorted((CONTENT / "fiches").glob("fiche-*.yaml"))
    count = len(fiches)
    for copy in range(1, factor):
        for path in fiches:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            numero = data["numero"] + copy * count
            data["numero"] = numero
            data["titre"] = f"{data['titre']} (copie {copy})"
            for objectif in data["objectifs"]:
                head, _, tail = str(objectif["numero"]).partition(".")
                objectif["numero"] = f"{numero}.{tail}" if tail else str(numero)
            (destination / "fiches" / f"fiche-{numero:02d}.yaml").write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
    for path in (destination / "equipements").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        originals = list(data.get("equipements", []))
        for copy in range(1, factor):
            for item in originals:
                clone = copy_module.deepcopy(item)
                clone["id"] = f"{item['id']}-copie-{copy}"
                data["equipements"].append(clone)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return destination


SUIVI_REVUES = ["2025-06-26", "2025-12-11", "2026-06-30", "2026-12-10", "2027-06-24"]
SUIVI_STATUTS = ["a-venir", "en-cours", "en-retard", "en-pause", "bloque", "abandonne"]


def add_follow_up(content: Path) -> int:
    """Synthetic follow-up for every fiche of ``content`` (copied from tests/fixtures/suivi/revues.yaml):
    a status for every objective at each of the 5 reviews and a value for every indicator in 2025-2027.
    Build with CTG_DATE_DU_JOUR=2027-12-31. Returns the number of values written."""
    shutil.copy(REPO / "tests" / "fixtures" / "suivi" / "revues.yaml", content / "suivi" / "revues.yaml")
    values = 0
    for path in sorted((content / "fiches").glob("fiche-*.yaml")):
        fiche = yaml.safe_load(path.read_text(encoding="utf-8"))
        numero = fiche["numero"]
        points = []
        for r, revue in enumerate(SUIVI_REVUES):
            objectifs = []
            for o, objectif in enumerate(fiche["objectifs"]):
                if r == len(SUIVI_REVUES) - 1 and o % 2 == 0:
                    objectifs.append({"objectif": str(objectif["numero"]), "statut": "realise", "date": revue})
                else:
                    objectifs.append({"objectif": str(objectif["numero"]), "statut": SUIVI_STATUTS[(r + o + numero) % len(SUIVI_STATUTS)],
                                      "commentaire": f"Point d'essai {r + 1} de l'objectif {objectif['numero']}"})
            points.append({"revue": revue, "objectifs": objectifs})
        valeurs = []
        for indicateur in fiche["indicateurs"]:
            for year in (2025, 2026, 2027):
                valeur = {"indicateur": indicateur["id"], "annee": year, "valeur": str(10 * year - 20200 + numero),
                          "unite": "nombre", "source": "Données d'essai (mesure des performances)"}
                if not indicateur.get("annexe_8"):
                    valeur["cible"] = str(10 * year - 20190)
                valeurs.append(valeur)
        values += len(valeurs)
        (content / "suivi" / f"fiche-{numero:02d}.yaml").write_text(
            yaml.safe_dump({"fiche": numero, "points": points, "valeurs": valeurs}, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    return values


def timed(command: list[str], env: dict, repeat: int = 1) -> float:
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        durations.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"échec de {' '.join(command)} :\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return statistics.median(durations)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def page_weight(site: Path, url: str) -> tuple[int, int]:
    """(raw, gzip) bytes of a page's HTML plus the local CSS and JS it loads (search index excluded)."""
    html_path = site / url / "index.html"
    html = html_path.read_bytes()
    total_raw, total_gzip = len(html), len(gzip.compress(html, 6))
    text = html.decode("utf-8")
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text) + re.findall(r'<script[^>]+src="([^"]+)"', text)
    for asset in assets:
        if asset.startswith(("http:", "https:", "//")):
            continue
        path = (html_path.parent / asset.split("?")[0]).resolve()
        if path.exists():
            data = path.read_bytes()
            total_raw += len(data)
            total_gzip += len(gzip.compress(data, 6))
    return total_raw, total_gzip


SEARCHES = ("creche", "assistante maternelle", "calais")  # a synonym, two words, a word found everywhere


def _compressed_size(path: Path) -> int:
    """Bytes on the wire with gzip: Pagefind's index files are gzipped already (sent as they are)."""
    data = path.read_bytes()
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6))


def first_search_bytes(site: Path, query: str) -> tuple[int, int]:
    """(compressed bytes, requests) fetched by a first search typed on the search page, in Chromium
    with an empty cache: the Pagefind script, its WebAssembly, the index chunks and result fragments
    it needs, and the synonyms. The page itself (HTML, CSS, JS) is counted in the page weights."""
    import functools
    import http.server
    import threading
    from urllib.parse import unquote, urlsplit

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    fetched: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(base + "recherche/", wait_until="networkidle")
            page.on("requestfinished", lambda request: fetched.append(request.url))
            page.fill("#ctg-q", query)
            page.press("#ctg-q", "Enter")
            page.wait_for_selector(".ctg-resultat", timeout=60000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        httpd.shutdown()
    total = 0
    for url in fetched:
        path = site / unquote(urlsplit(url).path).lstrip("/")
        total += _compressed_size(path) if path.is_file() else 0
    return total, len(fetched)


def lunr_first_search_bytes(content: Path, workdir: Path) -> tuple[int, int]:
    """Material's built-in search on the same content, for comparison: its first search downloads the
    whole lunr index (search_index.json) and the search worker. (raw bytes, compressed bytes)"""
    config = workdir / "mkdocs-lunr.yml"
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["plugins"] = [{"search": {"lang": "fr"}}] + [p for p in settings["plugins"] if "search" not in p]
    settings["hooks"] = [str(REPO / "mkdocs_hooks" / "site.py")]  # without the Pagefind index
    settings["docs_dir"] = str(REPO / "docs")
    settings["theme"]["custom_dir"] = str(REPO / "overrides")
    settings["plugins"] = [
        {"macros": {**p["macros"], "module_name": str(REPO / "mkdocs_hooks" / "macros")}} if isinstance(p, dict) and "macros" in p else p
        for p in settings["plugins"]
    ]
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = workdir / "site-lunr"
    timed([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], {**ENV, "CTG_CONTENU": str(content)})
    index = site / "search" / "search_index.json"
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    raw = index.stat().st_size + sum(w.stat().st_size for w in workers)
    compressed = _compressed_size(index) + sum(_compressed_size(w) for w in workers)
    shutil.rmtree(site, ignore_errors=True)
    return raw, compressed


def handwritten_equivalent(content: Path, workdir: Path) -> Path:
    """The same pages written out as Markdown files, for a plain MkDocs build without our hooks."""
    sys.path.insert(0, str(REPO))
    from ctg.build import prepare

    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    build = prepare(content, REPO, settings["extra"]["ctg_pages_manuscrites"])
    docs = workdir / "docs"
    shutil.copytree(REPO / "docs", docs)
    for page in build.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        markdown = page.markdown(updated=build.updated(page))
        target.write_text(markdown, encoding="utf-8")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["plugins"] = [{"search": {"lang": "fr"}}]
    config["markdown_extensions"] = [
        {e.split()[0]: {"glossary": dict(build.abbreviations)}} if isinstance(e, str) and "abreviations" in e else e
        for e in config["markdown_extensions"]
    ]
    config["nav"] = build.nav
    (workdir / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # the date filter used by our template: a tiny hook gives it without any content logic
    (workdir / "filtre.py").write_text("def on_env(env, config, files):\n    env.filters['date_fr'] = lambda x: x\n    return env\n", encoding="utf-8")
    text = (workdir / "mkdocs.yml").read_text(encoding="utf-8") + "hooks:\n  - filtre.py\n"
    (workdir / "mkdocs.yml").write_text(text, encoding="utf-8")
    return workdir / "mkdocs.yml"


def free_port() -> int:
    """A port nobody listens on now (the system picks it), so a busy port never fails the measure."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_rebuild_seconds(content: Path, port: int | None = None) -> float:
    """Seconds from saving one YAML file to the end of the rebuild under `mkdocs serve`."""
    port = port or free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO,
        env={**ENV, "CTG_CONTENU": str(content)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.time() + 600
        output: list[str] = []
        for line in process.stdout:
            output.append(line)
            if "Serving on" in line:
                break
            if time.time() > deadline:
                raise SystemExit("mkdocs serve n'a pas démarré en 10 minutes")
        else:
            # The process ended before serving: say why (port taken, invalid content…), not a vague timeout.
            raise SystemExit(f"mkdocs serve s'est arrêté avant de servir le site (port {port}) :\n" + "".join(output[-15:]))
        time.sleep(2)
        fiche = content / "fiches" / "fiche-01.yaml"
        fiche.write_text(fiche.read_text(encoding="utf-8").replace("réunion annuelle", "réunion annuelle (modifiée)", 1), encoding="utf-8")
        start = time.perf_counter()
        for line in process.stdout:
            output.append(line)
            if "Documentation built in" in line or "Reloading browsers" in line:
                return time.perf_counter() - start
            if time.perf_counter() - start > 600:
                raise SystemExit("la reconstruction n'a pas été détectée en 10 minutes")
        raise SystemExit("mkdocs serve s'est arrêté pendant la reconstruction :\n" + "".join(output[-15:]))
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description="Mesures de performance du site CTG")
    parser.add_argument("--facteurs", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--sans-serve", action="store_true", help="ne pas mesurer la reconstruction sous mkdocs serve")
    parser.add_argument("--sans-lunr", action="store_true", help="ne pas construire l'index lunr de Material pour comparaison")
    parser.add_argument(
        "--avec-suivi", action="store_true",
        help="ajouter un suivi synthétique à chaque fiche (5 revues, un statut par objectif, 3 années de valeurs par indicateur)",
    )
    arguments = parser.parse_args()
    env = {**ENV, "CTG_DATE_DU_JOUR": "2027-12-31"} if arguments.avec_suivi else ENV
    if arguments.avec_suivi:
        os.environ["CTG_DATE_DU_JOUR"] = "2027-12-31"  # the synthetic follow-up runs to 2027 (also for the in-process build)
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        for factor in arguments.facteurs:
            content = scaled_content(factor, work / f"contenu-x{factor}")
            suivi_values = add_follow_up(content) if arguments.avec_suivi else 0
            fiches = len(list((content / "fiches").glob("*.yaml")))
            check = timed([PYTHON, "-m", "ctg", "check", str(content)], env, repeat=3 if factor < 100 else 1)
            site = work / f"site-x{factor}"
            build = timed([PYTHON, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], {**env, "CTG_CONTENU": str(content)})
            pages = len(list(site.rglob("index.html")))
            index = folder_size(site / "pagefind")
            row = {"facteur": factor, "fiches": fiches, "pages": pages, "check": check, "build": build, "valeurs_suivi": suivi_values,
                   "site": folder_size(site), "index": index,
                   "recherche": {query: first_search_bytes(site, query) for query in SEARCHES}}
            if not arguments.sans_lunr:
                row["lunr"] = lunr_first_search_bytes(content, work)
            if factor == 1:
                row["poids"] = {name: page_weight(site, url) for name, url in (("accueil", ""), ("commune (Marck)", "communes/marck"), ("fiche n°1", "plan-action/fiche-01"), ("suivi (tableau de bord)", "suivi"))}
                manual_dir = work / "manuel"
                manual_dir.mkdir()
                config = handwritten_equivalent(content, manual_dir)
                manual = timed([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(work / "site-manuel")], ENV, repeat=3)
                generated = timed([PYTHON, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(work / "site-gen")], {**env, "CTG_CONTENU": str(content)}, repeat=3)
                row["manuel"], row["genere"] = manual, generated
                if not arguments.sans_serve:
                    row["serve"] = serve_rebuild_seconds(content)
            rows.append(row)
            shutil.rmtree(site, ignore_errors=True)
    print(report(rows))


def report(rows: list[dict]) -> str:
    mb = lambda n: f"{n / 1_000_000:.1f} Mo"  # noqa: E731
    lines = [
        "| Contenu | Fiches | Valeurs de suivi | Pages | ctg check | Construction | Taille de site/ | Index Pagefind (total) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| ×{row['facteur']} | {row['fiches']} | {row.get('valeurs_suivi', 0)} | {row['pages']} | {row['check']:.2f} s | {row['build']:.1f} s | {mb(row['site'])} | {mb(row['index'])} |"
        )
    kb = lambda n: f"{n / 1000:.0f} Ko"  # noqa: E731
    lines.append("")
    lines.append("| Contenu | Première recherche (Pagefind, compressé) : " + " · ".join(f"« {q} »" for q in SEARCHES) + " | Index lunr de Material (brut / compressé) |")
    lines.append("| --- | --- | --- |")
    for row in rows:
        searches = " · ".join(f"{kb(size)} ({count} requêtes)" for size, count in row["recherche"].values())
        lunr = f"{mb(row['lunr'][0])} / {kb(row['lunr'][1])}" if "lunr" in row else "non mesuré"
        lines.append(f"| ×{row['facteur']} | {searches} | {lunr} |")
    base = next((r for r in rows if r["facteur"] == 1), None)
    if base:
        lines.append("")
        lines.append("| Page | HTML + CSS + JS | compressé (gzip) |")
        lines.append("| --- | ---: | ---: |")
        for name, (raw, compressed) in base["poids"].items():
            lines.append(f"| {name} | {raw / 1000:.0f} Ko | {compressed / 1000:.0f} Ko |")
        overhead = (base["genere"] - base["manuel"]) / base["manuel"] * 100
        lines.append("")
        lines.append(
            f"Mêmes pages écrites à la main (Markdown sur disque, sans nos hooks) : {base['manuel']:.2f} s ; "
            f"avec chargement, validation et génération : {base['genere']:.2f} s ; surcoût {overhead:+.0f} %."
        )
        if "serve" in base:
            lines.append(f"Reconstruction sous `mkdocs serve` après modification d'un fichier YAML : {base['serve']:.1f} s.")
    for before, after in zip(rows, rows[1:]):
        growth = after["facteur"] / before["facteur"]
        lines.append(
            f"De ×{before['facteur']} à ×{after['facteur']} (contenu ×{growth:.0f}) : construction ×{after['build'] / before['build']:.1f}, "
            f"validation ×{after['check'] / before['check']:.1f} (au-delà de ×{growth:.0f}, la croissance serait plus que linéaire)."
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
