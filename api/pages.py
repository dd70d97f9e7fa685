"""HTML pages rendered from templates in `api/templates/`, every value escaped.

One Jinja2 environment for every page, autoescaping on whatever the template's name, so a name,
a passage or a query shown on a page is always text, never markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

__all__ = ["render"]

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def render(template: str, **context: Any) -> str:
    """Given a template's file name and its values, return the page's HTML."""
    return _TEMPLATES.get_template(template).render(**context)
