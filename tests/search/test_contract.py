"""Every query feature, the same assertions on both backends (SQLite FTS5 and a real Elasticsearch)."""

from __future__ import annotations

import pytest

from congvan.search import es_index, sqlite_index
from congvan.search.index import Query
from congvan.search.store import Store

from .conftest import CORPUS


def numbers(store: Store, **kw: object) -> list[str | None]:
    return [h.number for h in store.index.search(Query(**kw)).hits]  # type: ignore[arg-type]


def test_everything_is_indexed(store: Store) -> None:
    assert store.index.count() == len(CORPUS)


def test_query_with_diacritics_ranks_exact_matches_first(store: Store) -> None:
    found = numbers(store, text="bán")
    assert found[0] == "120/STTTT-BCVT"                     # "Bán đấu giá"
    assert set(found) >= {"120/STTTT-BCVT", "121/STTTT-VP", "7/TB-BTC"}   # bạn, ban: folded matches follow


def test_query_without_diacritics_finds_every_spelling(store: Store) -> None:
    assert set(numbers(store, text="ban", size=20)) >= {"120/STTTT-BCVT", "121/STTTT-VP", "7/TB-BTC"}


def test_old_and_new_tone_placement_are_the_same_word(store: Store) -> None:
    assert "5/QĐ-UBND" in numbers(store, text="Hoà Bình")
    assert "5/QĐ-UBND" in numbers(store, text="Hòa Bình")


def test_phrases_match_as_phrases(store: Store) -> None:
    assert numbers(store, text='"an toàn thông tin"') == ["25/CT-UBND"]   # not "An toàn vốn …; thông tin"
    assert numbers(store, text='"cai cach hanh chinh"') == ["10/KH-UBND"]
    assert set(numbers(store, text="an toàn thông tin")) == {"25/CT-UBND", "01a/NQ-HĐND"}  # words, any order


@pytest.mark.parametrize("text", ["25/CT-UBND", "25/ct-ubnd", "25 CT UBND", "Số: 25/CT-UBND"])
def test_number_lookup(store: Store, text: str) -> None:
    assert numbers(store, text=text)[0] == "25/CT-UBND"


def test_party_and_legal_numbers(store: Store) -> None:
    assert numbers(store, text="01a/NQ-HĐND") == ["01a/NQ-HĐND"]
    assert numbers(store, text="01a/nq-hdnd") == ["01a/NQ-HĐND"]


def test_citing(store: Store) -> None:
    assert [h.number for h in store.index.citing("99-QĐ/TW")] == ["5/QĐ-UBND", "25/CT-UBND"]
    assert [h.number for h in store.index.citing("99-qđ/tw")] == ["5/QĐ-UBND", "25/CT-UBND"]
    assert [h.number for h in store.index.citing("25/CT-UBND")] == ["10/KH-UBND"]
    assert store.index.citing("1/XX-YY") == []


def test_filters(store: Store) -> None:
    assert numbers(store, type="Chỉ thị") == ["25/CT-UBND"]
    assert set(numbers(store, issuer="Ủy ban nhân dân tỉnh Hải Dương")) == {"25/CT-UBND", "10/KH-UBND"}
    assert set(numbers(store, date_from="2021-01-01", date_to="2021-02-28")) == {"120/STTTT-BCVT", "121/STTTT-VP"}
    assert numbers(store, arrival_from="2020-01-01", arrival_to="2020-12-31") == ["10/KH-UBND"]
    assert numbers(store, unit="P.CNTT") == ["25/CT-UBND"]
    assert numbers(store, urgency="Khẩn") == ["25/CT-UBND"]
    assert numbers(store, confidentiality="Mật") == ["7/TB-BTC"]
    assert numbers(store, text="an toàn", type="Công văn") == []
    assert numbers(store, text="ban", type="Thông báo") == ["7/TB-BTC"]


def test_facets_count_the_matching_set(store: Store) -> None:
    result = store.index.search(Query(text="ban"))         # bán, bạn, ban, Ủy ban: not the Nghị quyết
    assert dict(result.facets["type"]) == {"Công văn": 2, "Thông báo": 1, "Chỉ thị": 1, "Kế hoạch": 1,
                                           "Quyết định": 1}
    everything = store.index.search(Query())
    assert everything.total == len(CORPUS)
    assert dict(everything.facets["issuer"])["Ủy ban nhân dân tỉnh Hải Dương"] == 2
    assert dict(everything.facets["year"]) == {"2018": 1, "2019": 2, "2020": 1, "2021": 3}


def test_a_text_query_counts_its_matches_up_to_a_bound(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond CANDIDATES matches the total is a lower bound and the facets count that many of
    them, on both backends; filters alone stay exact. Elasticsearch still ranks every match."""
    whole = store.index.search(Query(text="ban"))
    assert whole.exact and whole.total == 6
    paged = store.index.search(Query(text="ban", size=2))                   # the facets of all, not the page's
    assert paged.exact and paged.total == 6 and paged.facets == whole.facets
    for module in (sqlite_index, es_index):
        monkeypatch.setattr(module, "CANDIDATES", 3)
    capped = store.index.search(Query(text="ban"))
    assert not capped.exact and capped.total == 3 and len(capped.hits) >= 3
    assert sum(n for _, n in capped.facets["type"]) == 3
    assert set(numbers(store, text="ban", size=20)) <= {h.number for h in whole.hits}
    assert store.index.search(Query(type="Công văn")).exact


def test_highlighted_snippets(store: Store) -> None:
    hit = store.index.search(Query(text="an toan thong tin")).hits[0]
    assert hit.number == "25/CT-UBND"
    assert hit.snippet is not None and "<mark>an</mark> <mark>toàn</mark>" in hit.snippet


def test_sort_by_date_and_pagination(store: Store) -> None:
    by_date = numbers(store, sort="date", size=3)
    assert by_date == ["7/TB-BTC", "121/STTTT-VP", "120/STTTT-BCVT"]
    assert numbers(store, sort="date", size=3, page=2) == ["10/KH-UBND", "01a/NQ-HĐND", "25/CT-UBND"]
    assert numbers(store, sort="date_asc", size=1) == ["5/QĐ-UBND"]
    assert store.index.search(Query(sort="date", size=3, page=3)).total == len(CORPUS)


@pytest.mark.parametrize("text", ['"unbalanced', "an* NEAR(toàn thông)", "-ban", "subject:ban", "a OR b AND (c",
                                  "body_f : x", "{}[]^~\\/", "*", '""', "'; DROP TABLE records; --",
                                  "ban~2 AND title:*", "\x00\x01"])
def test_hostile_input_is_plain_words(store: Store, text: str) -> None:
    result = store.index.search(Query(text=text))            # never raises
    assert result.total >= 0
    assert store.index.count() == len(CORPUS)


def test_operators_are_words_not_syntax(store: Store) -> None:
    # "-ban" is the word "ban", not "everything without ban"
    assert set(numbers(store, text="-ban", size=20)) >= {"120/STTTT-BCVT", "7/TB-BTC"}


def test_get_and_more_like_this(store: Store) -> None:
    first = CORPUS[0]
    got = store.index.get(first.source.sha256)
    assert got is not None and got.document.number == "25/CT-UBND"
    assert store.index.get("0" * 64) is None
    similar = store.index.more_like_this(first.source.sha256)
    assert similar and first.source.sha256 not in [h.id for h in similar]
    assert "01a/NQ-HĐND" in [h.number for h in similar]      # shares "an toàn", "thông tin"


def test_who_may_see_is_filtered_inside_the_query(store: Store) -> None:
    """A clerk (every non-secret record) does not find the secret one, nor count it in a facet;
    a unit finds nothing that OCR or routing only proposed for it (no person assigned it)."""
    from congvan.search.index import Visibility

    clerk = Visibility(open=True)
    for kw in ({"text": "ban chỉ đạo"}, {"text": "7/TB-BTC"}, {}):
        res = store.index.search(Query(visibility=clerk, size=50, **kw))  # type: ignore[arg-type]
        assert "7/TB-BTC" not in [h.number for h in res.hits], kw
        assert not res.facets.get("confidentiality"), kw
    assert store.index.search(Query(visibility=clerk, size=50)).total == len(CORPUS) - 1
    assert numbers(store, text="7/TB-BTC", visibility=Visibility(everything=True)) == ["7/TB-BTC"]
    unit = Visibility(units=("P.CNTT",))                      # CORPUS: P.CNTT read off a stamp, never assigned
    assert store.index.search(Query(visibility=unit)).total == 0
    assert store.index.search(Query(text="an toàn", visibility=unit)).total == 0
    assert store.index.citing("99-QĐ/TW", unit) == []
    assert [h.number for h in store.index.citing("99-QĐ/TW", clerk)] == ["5/QĐ-UBND", "25/CT-UBND"]
