"""Thin MkDocs adapters around the ctg package (hooks and mkdocs-macros functions)."""
