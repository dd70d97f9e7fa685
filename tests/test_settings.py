"""Settings from the environment: defaults, and combinations that cannot work refused early."""

from __future__ import annotations

import pytest

from innograph.errors import SettingsError
from innograph.settings import MEMORY, Settings


def test_one_process_serves_by_default_and_may_write() -> None:
    settings = Settings.from_environment({"INNOGRAPH_UPDATE_TOKEN": "secret"})
    assert settings.processes == 1
    assert not settings.serves_read_only


def test_the_default_graph_is_the_union_unless_told_it_is_the_stores_own() -> None:
    assert Settings.from_environment({}).union_default_graph
    assert not Settings.from_environment({"INNOGRAPH_DEFAULT_GRAPH": "own"}).union_default_graph


def test_the_query_timeout_may_be_a_fraction_of_a_second() -> None:
    assert Settings.from_environment({}).query_timeout == 30
    assert Settings.from_environment({"INNOGRAPH_QUERY_TIMEOUT": "2.5"}).query_timeout == 2.5


def test_several_processes_serve_a_store_on_disk_read_only() -> None:
    settings = Settings.from_environment({"INNOGRAPH_PROCESSES": "3", "INNOGRAPH_STORE": "/s"})
    assert settings.processes == 3
    assert settings.serves_read_only


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"INNOGRAPH_PROCESSES": "2", "INNOGRAPH_UPDATE_TOKEN": "t"}, "INNOGRAPH_UPDATE_TOKEN"),
        ({"INNOGRAPH_PROCESSES": "2", "INNOGRAPH_STORE": MEMORY}, "INNOGRAPH_STORE"),
        ({"INNOGRAPH_PROCESSES": "0"}, "INNOGRAPH_PROCESSES"),
        ({"INNOGRAPH_PROCESSES": "many"}, "INNOGRAPH_PROCESSES"),
        ({"INNOGRAPH_RESULT_LIMIT": "lots"}, "INNOGRAPH_RESULT_LIMIT"),
        ({"INNOGRAPH_QUERY_WORKERS": "2.5"}, "INNOGRAPH_QUERY_WORKERS"),
        ({"INNOGRAPH_QUERY_TIMEOUT": "30s"}, "INNOGRAPH_QUERY_TIMEOUT"),
        ({"INNOGRAPH_DEFAULT_GRAPH": "named"}, "INNOGRAPH_DEFAULT_GRAPH"),
        ({"INNOGRAPH_SHACL_ENGINE": "jena"}, "INNOGRAPH_SHACL_ENGINE"),
    ],
)
def test_settings_that_cannot_work_are_refused_naming_the_variable(
    environment: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_environment(environment)


def test_the_shacl_engine_is_the_compiled_shapes_unless_another_is_asked_for() -> None:
    assert Settings.from_environment({}).shacl_engine == "compiled"
    assert Settings.from_environment({"INNOGRAPH_SHACL_ENGINE": "turbo"}).shacl_engine == "turbo"
    assert (
        Settings.from_environment({"INNOGRAPH_SHACL_ENGINE": "pyshacl"}).shacl_engine == "pyshacl"
    )


_REMOTE = {"INNOGRAPH_BACKEND": "sparql", "INNOGRAPH_SPARQL_QUERY_URL": "https://t.example/sparql"}


def test_a_remote_store_is_read_from_the_environment_with_its_credentials() -> None:
    settings = Settings.from_environment(
        {**_REMOTE, "INNOGRAPH_SPARQL_USER": "api", "INNOGRAPH_SPARQL_PASSWORD": "secret"}
    )
    assert settings.remote is not None
    assert settings.remote.query_url == "https://t.example/sparql"
    assert settings.remote.update_url is None
    credentials = settings.remote.credentials
    assert (credentials.scheme, credentials.user, credentials.password) == (
        "basic",
        "api",
        "secret",
    )
    assert "secret" not in repr(settings)
    bearer = Settings.from_environment({**_REMOTE, "INNOGRAPH_SPARQL_TOKEN": "t0k"})
    assert bearer.remote is not None and bearer.remote.credentials.scheme == "bearer"
    assert Settings.from_environment({}).remote is None


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"INNOGRAPH_BACKEND": "fuseki"}, "INNOGRAPH_BACKEND"),
        ({**_REMOTE, "INNOGRAPH_SPARQL_AUTH": "bearer"}, "INNOGRAPH_SPARQL_TOKEN"),
        ({**_REMOTE, "INNOGRAPH_SPARQL_UPDATE_URL": "triples:8890"}, "INNOGRAPH_SPARQL_UPDATE_URL"),
        ({**_REMOTE, "INNOGRAPH_SPARQL_CREDENTIALS_FILE": "/no/such/file"}, "/no/such/file"),
    ],
)
def test_a_remote_store_configured_wrongly_is_refused_naming_the_variable(
    environment: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_environment(environment)
