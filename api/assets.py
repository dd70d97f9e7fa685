"""Front-end files the pages use, served by this service from `web/node_modules`, never a CDN.

`./run.sh` installs the npm packages listed in `web/package.json` (pinned by its lock file)
with `npm ci`; this module names the few files of each that a page loads, and only those are
served, at `/assets/<package>/<file>`: a package's demo pages and sources stay unserved (YASQE's
demo page loads fonts from elsewhere). A page that loads nothing from another host works on a
machine without internet and leaks no visit to a third party. Installed with a plain
`pip install` (no `web/node_modules`), the files are absent: `asset` answers None, the routes
404, and each page says what it does without them.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "NODE_MODULES",
    "PACKAGES",
    "STATIC",
    "asset",
    "asset_url",
    "is_installed",
    "static_file",
]

NODE_MODULES = Path(__file__).resolve().parents[1] / "web/node_modules"
"""Where `npm ci --prefix web` installs the packages."""

PACKAGES: dict[str, tuple[str, dict[str, str]]] = {
    "yasqe": (
        "@triply/yasqe/build",
        {"yasqe.min.js": "text/javascript", "yasqe.min.css": "text/css"},
    ),
    "cytoscape": ("cytoscape/dist", {"cytoscape.min.js": "text/javascript"}),
    "swagger-ui": (
        "swagger-ui-dist",
        {
            "swagger-ui-bundle.js": "text/javascript",
            "swagger-ui.css": "text/css",
            "favicon-32x32.png": "image/png",
        },
    ),
}
"""Each served package: its folder under `NODE_MODULES`, and the files a page uses with their
media types."""


def asset(package: str, name: str) -> tuple[Path, str] | None:
    """Given `('yasqe', 'yasqe.min.js')`, return the installed file and its media type; None if
    the file is not one a page uses, or is not installed."""
    folder, files = PACKAGES.get(package, ("", {}))
    media_type = files.get(name)
    path = NODE_MODULES / folder / name
    return (path, media_type) if media_type and path.is_file() else None


STATIC = Path(__file__).resolve().parent / "static"
"""The pages' own stylesheet and scripts, written for this project (no build step)."""

_STATIC_TYPES = {".css": "text/css", ".js": "text/javascript"}


def static_file(name: str) -> tuple[Path, str] | None:
    """Given `pages.css`, return the file of `STATIC` and its media type; None for any name
    that is not a stylesheet or a script there (no path outside the folder)."""
    media_type = _STATIC_TYPES.get(Path(name).suffix)
    path = STATIC / name
    if media_type is None or "/" in name or not path.is_file():
        return None
    return path, media_type


def asset_url(package: str, name: str) -> str:
    """Where the service serves a file: `asset_url('yasqe', 'yasqe.min.js')` is
    `/assets/yasqe/yasqe.min.js`."""
    return f"/assets/{package}/{name}"


def is_installed(package: str) -> bool:
    """Whether every file a page uses of the package is installed."""
    return all(asset(package, name) for name in PACKAGES[package][1])
