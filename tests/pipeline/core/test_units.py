"""The units file: the shipped default, and an office's own replacement."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import ConfigError, ExitCode
from congvan.pipeline.core.units import load_office

SO_TTTT_UNITS = ["Văn phòng", "Thanh tra", "Phòng Kế hoạch - Tài chính", "Phòng Bưu chính, Viễn thông",
                 "Phòng Công nghệ thông tin", "Phòng Thông tin - Báo chí - Xuất bản",
                 "Trung tâm Công nghệ thông tin và Truyền thông"]


def test_default_is_a_so_thong_tin_va_truyen_thong() -> None:
    office = load_office()
    assert office.name.startswith("Sở Thông tin và Truyền thông")
    assert [u.name for u in office.units] == SO_TTTT_UNITS
    assert all(u.codes for u in office.units)


def test_an_office_brings_its_own_file(tmp_path: Path) -> None:
    path = tmp_path / "units.toml"
    path.write_text('[office]\nname = "Sở Nội vụ tỉnh Bắc Ninh"\n\n[[units]]\nname = "Phòng Tổ chức, biên chế"\n'
                    'codes = ["P.TCBC"]\n', encoding="utf-8")
    office = Config.from_env({"CONGVAN_UNITS": str(path)}).office()
    assert office.name == "Sở Nội vụ tỉnh Bắc Ninh"
    assert [(u.name, u.code) for u in office.units] == [("Phòng Tổ chức, biên chế", "P.TCBC")]


@pytest.mark.parametrize("text", ["not toml [", "[[units]]\nname = \"VP\"\n", "[office]\nname = 3\n",
                                  "[office]\nname = \"X\"\n[[units]]\ncodes = [\"A\"]\n",
                                  "[office]\nname = \"X\"\n[[units]]\nname = \"A\"\ncodes = \"A\"\n"])
def test_a_bad_units_file_is_a_config_error_naming_it(tmp_path: Path, text: str) -> None:
    path = tmp_path / "units.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_office(path)
    assert info.value.exit_code == ExitCode.config and info.value.path == str(path)


def test_a_missing_units_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_office(tmp_path / "nope.toml")


def test_the_ocr_stage_gets_each_units_codes_canonical_first(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    office = load_office()
    codes = office.unit_codes()
    assert codes[0][0] == "VP" and ("TTra", "TTr", "Thanh tra") in codes and len(codes) == len(SO_TTTT_UNITS)
    # process_documents hands them to the OCR stage unless the caller gave its own
    import congvan.pipeline.process as process
    from congvan.ocr.engine import OcrOptions

    seen: list[OcrOptions] = []

    def fake_ocr_files(paths: object, options: OcrOptions) -> list[object]:
        seen.append(options)
        return []

    monkeypatch.setattr(process, "ocr_files", fake_ocr_files)
    list(process.process_documents([], Config(home=tmp_path), OcrOptions(jobs=1), learned_routing=False))
    list(process.process_documents([], Config(home=tmp_path), OcrOptions(jobs=1, unit_codes=(("X",),)),
                                   learned_routing=False))
    assert [o.unit_codes for o in seen] == [codes, (("X",),)]
