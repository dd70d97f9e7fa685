"""innograph: a knowledge graph of innovation ecosystems, loaded, checked and served."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
