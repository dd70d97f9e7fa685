"""File → quads: find the sources a user names, parse them, validate them. No store here."""
