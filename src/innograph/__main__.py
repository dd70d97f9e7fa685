"""`python -m innograph` is the `innograph` command."""

from innograph.cli import app

app()
