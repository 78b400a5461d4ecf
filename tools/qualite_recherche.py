"""Result quality of a built site's search: how many of the realistic queries of tests/test_recherche.py
show their expected page among the first three distinct pages (or, for an expected « #-eaje- », a
service whose anchor holds these letters among the first three results). Works on this site's search (Pagefind,
page /recherche/) and on Material's built-in search (lunr), to compare both on the same queries.

Usage: .venv/bin/python tools/qualite_recherche.py SITE_CONSTRUIT
(for Material's search: build a commit that still uses it, e.g. 0ec7567, with `mkdocs build -d …`).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))


def main() -> None:
    from playwright.sync_api import sync_playwright

    from test_recherche import QUERIES, expected_in_first_three

    site = Path(sys.argv[1])
    material = (site / "search" / "search_index.json").exists()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    found = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        if material:
            page.goto(base, wait_until="networkidle")
        for query, expected in QUERIES:
            if material:
                page.keyboard.press("s")
                box = page.locator("input.md-search__input")
                box.fill("")
                box.type(query, delay=5)
                page.wait_for_timeout(1200)
                hrefs = page.locator(".md-search-result__item > a").evaluate_all("as => as.map(a => a.href)")
                page.keyboard.press("Escape")
            else:
                page.goto(base + "recherche/?q=" + quote(query))
                page.wait_for_function("() => { const t = document.querySelector('.ctg-recherche__etat').textContent; return t && !t.startsWith('Recherche en cours'); }")
                hrefs = page.locator(".ctg-resultat__titre a").evaluate_all("as => as.map(a => a.href)")
            ok = expected_in_first_three(hrefs, expected)
            found += ok
            shown = [urlsplit(href).path.lstrip("/") + (f"#{urlsplit(href).fragment}" if urlsplit(href).fragment else "") for href in hrefs[:3]]
            print(("✓ " if ok else "✗ ") + f"{query} → {', '.join(shown) or 'aucun résultat'}")
        browser.close()
    httpd.shutdown()
    print(f"{found}/{len(QUERIES)} requêtes avec la page attendue dans les trois premières ({'Material (lunr)' if material else 'Pagefind'}).")


if __name__ == "__main__":
    main()
