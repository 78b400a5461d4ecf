"""Functions that hand-written pages of docs/ may call (mkdocs-macros), so prose never copies data.

Only pages that declare `render_macros: true` in their front matter are rendered by macros.
"""

from __future__ import annotations


def define_env(env) -> None:
    from ctg import build as ctg_build
    from ctg.pages import macros as ctg_macros

    for name in ctg_macros.EXPORTED:
        function = getattr(ctg_macros, name)

        def bound(*args, _function=function, **kwargs):
            return _function(ctg_build.current(), env.page.file.src_uri if env.page else "index.md", *args, **kwargs)

        env.macro(bound, name)
