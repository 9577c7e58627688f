"""Routing from the units file: stamp first, then explicit assignments, keywords, priors; review
when unsure; another office's file routes to its own units; corrections teach the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.pipeline.core.records import Document, Handling, Incoming, Record, Source
from congvan.pipeline.core.units import Office, Unit, load_office
from congvan.pipeline.route_model import RouteModel, train
from congvan.pipeline.routing import REVIEW, route, score_units

OFFICE = load_office()
CNTT, BC, VP, KHTC = ("Phòng Công nghệ thông tin", "Phòng Thông tin - Báo chí - Xuất bản", "Văn phòng",
                      "Phòng Kế hoạch - Tài chính")


def record(subject: str, body: str = "", main: str | None = None, coordination: str | None = None,
           issuer: str | None = None, doc_type: str = "Công văn", key: str = "x") -> Record:
    inc = Incoming(handling=Handling(main=main, coordination=coordination)) if main or coordination else None
    return Record(source=Source(path=f"{key}.pdf", sha256=key * 64 if len(key) == 1 else key, pages=1, kind="scan"),
                  document=Document(type=doc_type, subject=subject, issuer=issuer), incoming=inc,
                  text=f"{subject}\n{body}")


def test_keywords_of_the_units_domain() -> None:
    r = route(record("Tăng cường bảo đảm an toàn thông tin mạng", "phòng chống mã độc, ứng cứu sự cố"), OFFICE)
    assert r.main == CNTT and r.confidence >= OFFICE.review_threshold
    assert any("an toàn thông tin" in reason for reason in r.reasons)


def test_without_diacritics_and_with_old_tones() -> None:
    assert route(record("TANG CUONG QUAN LY BAO CHI", "cap the nha bao cho phong vien"), OFFICE).main == BC
    assert route(record("Xây dựng dự toán ngân sách năm 2020 và kế hoạch đầu tư công"), OFFICE).main == KHTC


def test_stamp_evidence_wins_over_keywords() -> None:
    r = route(record("Quản lý hoạt động báo chí, cấp thẻ nhà báo", "báo chí " * 5, main="P.CNTT",
                     coordination="VP, TT CMTT"), OFFICE)
    assert r.main == CNTT and r.confidence > 0.9
    assert r.reasons[0] == "stamp: Xử lý chính = P.CNTT"
    assert r.coordination == [VP, "Trung tâm Công nghệ thông tin và Truyền thông"]


def test_a_placed_stamp_unit_weighs_less_than_a_read_one() -> None:
    """A unit on a stamp line whose label went unread (incoming.handling.main at 0.4) is evidence,
    but not the leader's written decision: it weighs as a Chỉ đạo line does, and says so."""
    placed = record("Dự toán ngân sách", main="P.CNTT")
    placed.confidence["incoming.handling.main"] = 0.4
    read = record("Dự toán ngân sách", main="P.CNTT")
    scores_placed, _ = score_units(placed, OFFICE)
    scores_read, _ = score_units(read, OFFICE)
    assert scores_read[CNTT].score - scores_placed[CNTT].score == 50.0
    assert "stamp: unlabelled line = P.CNTT" in scores_placed[CNTT].reasons
    assert route(placed, OFFICE).main == CNTT


def test_explicit_assignment_beats_keywords() -> None:
    body = ("Giao Văn phòng Sở chủ trì, phối hợp các phòng triển khai. Nội dung về báo chí, phóng viên, "
            "họp báo, phát ngôn.")
    r = route(record("Triển khai công tác báo chí năm 2021", body), OFFICE)
    assert r.main == VP and any("chủ trì" in reason for reason in r.reasons)


def test_issuer_prior() -> None:
    scores, _ = score_units(record("Về việc báo cáo", issuer="Sở Tài chính tỉnh Hải Dương"), OFFICE)
    assert scores[KHTC].score > 0 and "issuer: Sở Tài chính tỉnh Hải Dương" in scores[KHTC].reasons


def test_no_evidence_means_review_not_a_guess() -> None:
    r = route(record("Về việc phối hợp công tác", "Đề nghị các đơn vị quan tâm."), OFFICE)
    assert r.main is None and r.confidence == 0.0 and r.reasons[0].startswith(REVIEW)


def test_weak_evidence_is_flagged_for_review() -> None:
    r = route(record("Về việc hỗ trợ", "tài liệu hội nghị; nâng cấp; kiểm tra"), OFFICE)
    assert r.main is not None and r.confidence < OFFICE.review_threshold
    assert r.reasons[0].startswith(REVIEW)


def test_another_office_routes_to_its_own_units(tmp_path: Path) -> None:
    units = tmp_path / "units.toml"
    units.write_text(
        '[office]\nname = "Sở Nội vụ tỉnh Bắc Ninh"\n\n'
        '[[units]]\nname = "Phòng Tổ chức, biên chế"\ncodes = ["P.TCBC"]\n[units.keywords]\n"biên chế" = 3\n\n'
        '[[units]]\nname = "Ban Tôn giáo"\ncodes = ["BTG"]\n[units.keywords]\n"tôn giáo" = 3\n"tín ngưỡng" = 3\n',
        encoding="utf-8")
    office = load_office(units)
    assert route(record("Quản lý hoạt động tín ngưỡng, tôn giáo"), office).main == "Ban Tôn giáo"
    assert route(record("Thẩm định biên chế năm 2022"), office).main == "Phòng Tổ chức, biên chế"
    assert route(record("x", main="P TCBC"), office).main == "Phòng Tổ chức, biên chế"
    assert route(record("An toàn thông tin mạng"), office).main is None          # not this office's work


def test_training_on_corrections_changes_a_later_prediction(tmp_path: Path) -> None:
    # this office sends "hội nghị truyền hình" documents to Văn phòng, whatever the keywords say
    subjects = ["Chuẩn bị hội nghị truyền hình trực tuyến với Chính phủ", "Hội nghị truyền hình trực tuyến tổng kết",
                "Kết nối hội nghị truyền hình trực tuyến các cấp", "Tổ chức hội nghị truyền hình trực tuyến"]
    labelled = [record(s, key=f"{k:064d}") for k, s in enumerate(subjects)]
    others = [record("Bảo đảm an toàn thông tin mạng", key=f"{9:064d}"),
              record("Phòng chống mã độc trên hệ thống thông tin", key=f"{8:064d}")]
    new = record("Hội nghị truyền hình trực tuyến về phòng chống thiên tai", key=f"{7:064d}")
    before = route(new, OFFICE)
    assert before.main != VP
    model = train(labelled + others, [VP] * 4 + [CNTT] * 2)
    assert model is not None
    model.save(tmp_path / "m.pkl")
    loaded = RouteModel.load(tmp_path / "m.pkl")
    assert loaded is not None
    after = route(new, OFFICE, loaded)
    assert after.main == VP and any(r.startswith("model:") for r in after.reasons)


def test_one_unit_is_not_enough_to_train() -> None:
    assert train([record("a")], [VP]) is None


@pytest.mark.parametrize("bad", ['[office]\nname = "X"\n[routing]\nthreshold = 2\n',
                                 '[office]\nname = "X"\n[[units]]\nname = "A"\nkeywords = { "a" = "high" }\n'])
def test_bad_routing_settings(tmp_path: Path, bad: str) -> None:
    from congvan.pipeline.core.errors import ConfigError

    path = tmp_path / "u.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_office(path)


def test_empty_office() -> None:
    assert route(record("x"), Office("X", (), (Unit("A"),))).main is None
