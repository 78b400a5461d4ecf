"""Markdown to HTML for very long pages, chunk by chunk (the renderer's part that MkDocs lacks)."""

from __future__ import annotations

import re

import markdown as python_markdown

from .pages.markdown import join_blocks, links_as_urls

# Batches of about 200 kB: small enough to stay linear, big enough to pay little per conversion.
BATCH_SIZE = 200_000
_ID_ATTRIBUTES = re.compile(r'\b(id|for|aria-labelledby|aria-describedby)="([^"]+)"')
_LOCAL_LINK = re.compile(r'href="#([^"]+)"')
_DEFINED_ID = re.compile(r'\bid="([^"]+)"')


def batches(chunks: list[str], size: int = BATCH_SIZE) -> list[str]:
    """Consecutive chunks joined up to about ``size`` characters (lists kept apart)."""
    joined: list[str] = []
    for chunk in chunks:
        if joined and len(joined[-1]) + len(chunk) < size:
            joined[-1] = join_blocks([joined[-1], chunk])
        else:
            joined.append(chunk)
    return joined


def render_in_chunks(chunks: list[str], page_path: str, extensions: list, extension_configs: dict, size: int = BATCH_SIZE) -> str:
    """HTML of a very long page, converted batch by batch: linear time, where one conversion is not.

    Links to other pages become URLs (MkDocs rewrites them only in Markdown it converts itself), and
    ids are prefixed per batch so that the same heading in two batches keeps unique anchors; a link
    to an anchor points at its own batch's element, or else at the first batch that has one.
    """
    converter = python_markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
    converted = [converter.reset().convert(links_as_urls(batch, page_path)) for batch in batches(chunks, size)]
    first_batch: dict[str, int] = {}
    ids_of = []
    for index, html in enumerate(converted):
        ids = set(_DEFINED_ID.findall(html))
        ids_of.append(ids)
        for identifier in ids:
            first_batch.setdefault(identifier, index)
    result = []
    for index, html in enumerate(converted):
        prefix = f"m{index}-"

        def local_link(match: re.Match[str], index: int = index) -> str:
            target = match.group(1)
            owner = index if target in ids_of[index] else first_batch.get(target, index)
            return f'href="#m{owner}-{target}"'

        html = _ID_ATTRIBUTES.sub(lambda m: f'{m.group(1)}="{" ".join(prefix + v for v in m.group(2).split())}"', html)
        result.append(_LOCAL_LINK.sub(local_link, html))
    return '<div class="ctg-morceaux">\n' + "\n".join(result) + "\n</div>\n"
