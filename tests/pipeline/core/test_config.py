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


@pytest.mark.parametrize("env", [{"CONGVAN_JOBS": "two"}, {"CONGVAN_JOBS": "-1"}, {"CONGVAN_BACKEND": "solr"},
                                 {"CONGVAN_OFFICE": "Sở TT&TT"}, {"CONGVAN_OFFICE": "../etc"},
                                 {"CONGVAN_DATABASE_URL": "postgresql://db/congvan"}])
def test_bad_values_are_config_errors(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as info:
        Config.from_env(env)
    assert info.value.exit_code == ExitCode.config


def test_each_office_reads_its_own_units_file(tmp_path: Path) -> None:
    """CONGVAN_UNITS_DIR holds one units file per office (<CODE>.toml); an office without one is
    a clear error naming the file, never another office's units."""
    shipped = Config().office()
    (tmp_path / "SNV.toml").write_text('[office]\nname = "Sở Nội vụ tỉnh Hải Dương"\n\n[[units]]\nname = "Phòng '
                                      'Công chức"\ncodes = ["PCC"]\n', encoding="utf-8")
    cfg = Config.from_env({"CONGVAN_OFFICE": "SNV", "CONGVAN_UNITS_DIR": str(tmp_path)})
    assert cfg.office().name == "Sở Nội vụ tỉnh Hải Dương"
    assert cfg.office("").name == shipped.name                       # the deployment's own
    with pytest.raises(ConfigError, match="units file"):
        cfg.office("STC")


def test_number_settings_say_which_setting_is_wrong() -> None:
    from congvan.pipeline.core.config import env_number

    assert env_number("X", 10, env={}) == 10 and env_number("X", 10, env={"X": " "}) == 10
    assert env_number("X", 10, least=1, whole=True, env={"X": "4"}) == 4
    for raw in ("two", "2.5", "0", "nan", "-3"):
        with pytest.raises(ConfigError, match="X must be a whole number of at least 1"):
            env_number("X", 10, least=1, whole=True, env={"X": raw})
    assert env_number("T", 15.0, least=1, env={"T": "2.5"}) == 2.5
