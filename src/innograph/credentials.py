"""The credentials innograph presents to a remote SPARQL store, read from the environment or
a file and never from the command line, where `ps` shows them to every user of the machine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from innograph.errors import SettingsError

__all__ = ["Credentials", "credentials_from_environment"]


@dataclass(frozen=True)
class Credentials:
    """How innograph proves who it is to a remote store: HTTP basic or digest (a user and a
    password) or a bearer token. Read from the environment or from a file
    (INNOGRAPH_SPARQL_CREDENTIALS_FILE), never from the command line, where `ps` shows them."""

    scheme: str = "none"
    """`none`, `basic`, `digest` or `bearer`."""
    user: str = ""
    password: str = ""
    token: str = ""

    def __repr__(self) -> str:  # settings are logged; the secrets are not
        return f"Credentials(scheme={self.scheme!r}, user={self.user!r})"


_SCHEMES = ("basic", "digest", "bearer")


def credentials_from_environment(env: Mapping[str, str]) -> Credentials:
    """The credentials of INNOGRAPH_SPARQL_USER / _PASSWORD / _AUTH / _TOKEN, or of the file
    INNOGRAPH_SPARQL_CREDENTIALS_FILE (lines `user = …`, `password = …`, `auth = …`,
    `token = …`; `#` starts a comment), the file winning where both say something."""
    values = {
        key: env.get(f"INNOGRAPH_SPARQL_{key.upper()}", "")
        for key in ("user", "password", "auth", "token")
    }
    if path := env.get("INNOGRAPH_SPARQL_CREDENTIALS_FILE"):
        values.update(_credentials_file(Path(path)))
    scheme = values["auth"] or ("bearer" if values["token"] else "basic")
    if scheme not in _SCHEMES:
        raise SettingsError(
            f"INNOGRAPH_SPARQL_AUTH must be one of {', '.join(_SCHEMES)}, not {scheme!r}"
        )
    if scheme == "bearer":
        if not values["token"]:
            raise SettingsError("INNOGRAPH_SPARQL_AUTH=bearer needs INNOGRAPH_SPARQL_TOKEN")
        return Credentials("bearer", token=values["token"])
    if not values["user"]:
        return Credentials()
    return Credentials(scheme, user=values["user"], password=values["password"])


def _credentials_file(path: Path) -> dict[str, str]:
    """Given a credentials file, return its `key = value` lines; SettingsError names the file
    and line of one that is not such a line, or a key it does not know."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise SettingsError(
            f"INNOGRAPH_SPARQL_CREDENTIALS_FILE: cannot read {path}: {error.strerror}"
        ) from None
    values: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        key, equals, value = text.partition("=")
        if not equals or key.strip() not in ("user", "password", "auth", "token"):
            raise SettingsError(
                f"{path}:{number}: expected `user`, `password`, `auth` or `token` = value"
            )
        values[key.strip()] = value.strip()
    return values
