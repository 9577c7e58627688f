from __future__ import annotations

from pathlib import Path

import pytest

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import ConfigError, ExitCode


def test_defaults_need_nothing() -> None:
    cfg = Config.from_env({})
    assert cfg == Config(home=Path(".congvan"), jobs=0, backend="sqlite")


def test_values_from_the_environment() -> None:
    cfg = Config.from_env({"CONGVAN_HOME": "/srv/congvan", "CONGVAN_JOBS": "3", "CONGVAN_BACKEND": "elasticsearch"})
    assert (cfg.home, cfg.jobs, cfg.backend) == (Path("/srv/congvan"), 3, "elasticsearch")


@pytest.mark.parametrize("env", [{"CONGVAN_JOBS": "two"}, {"CONGVAN_JOBS": "-1"}, {"CONGVAN_BACKEND": "solr"}])
def test_bad_values_are_config_errors(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as info:
        Config.from_env(env)
    assert info.value.exit_code == ExitCode.config
