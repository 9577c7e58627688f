"""The workflow's steps and queues as a library (no web): each step only from the one before it
and only by its role; a unit's queue holds its own documents however many others there are."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import InputFileError, NoSuchRecordError, NotPermittedError
from congvan.pipeline.desk import accounts, workflow
from congvan.search.store import Store
from tests.pipeline.web.conftest import BCVT, CNTT, PASSWORD, record


def people(store: Store) -> dict[str, accounts.User]:
    return {n: accounts.add_user(store.ledger, n, n, role, PASSWORD, unit, head)
            for n, role, unit, head in (("vt", "van-thu", None, False), ("ld", "lanh-dao", None, False),
                                        ("cntt", "don-vi", CNTT, True), ("bcvt", "don-vi", BCVT, True))}


def test_each_step_follows_the_one_before_and_belongs_to_a_role(tmp_path: Path) -> None:
    with Store(Config(home=tmp_path)) as store:
        u = people(store)
        office = Config(home=tmp_path).office()
        rec = record("a", "1/X-Y", "Hạ tầng mạng")
        store.add([rec])
        rid = rec.source.sha256
        with pytest.raises(NotPermittedError):
            workflow.present(store, u["ld"], rid)                     # a leader does not present
        workflow.present(store, u["vt"], rid)
        with pytest.raises(NotPermittedError):
            workflow.present(store, u["vt"], rid)                     # presented once
        with pytest.raises(NoSuchRecordError):
            workflow.start(store, u["cntt"], rid)                     # not assigned yet: not even seen
        with pytest.raises(InputFileError, match="not one of the office's units"):
            workflow.decide(store, office, u["ld"], rid, "Phòng Không Có", [], None, None)
        with pytest.raises(InputFileError, match="not a date"):
            workflow.decide(store, office, u["ld"], rid, "P.CNTT", [], "mai", None)
        assert workflow.step(store.ledger, rid).state == workflow.PRESENTED   # a refused decision left nothing
        workflow.decide(store, office, u["ld"], rid, "P.CNTT", ["P.BCVT", "P.CNTT"], "31/12/2099", None)
        step = workflow.step(store.ledger, rid)
        assert (step.state, step.deadline) == (workflow.DIRECTED, "2099-12-31")
        got = store.ledger.get(rid)
        assert got is not None and got.incoming is not None and got.incoming.handling.coordination == BCVT
        for act in (lambda: workflow.assign(store, u["bcvt"], rid, "bcvt"),
                    lambda: workflow.start(store, u["bcvt"], rid),
                    lambda: workflow.finish(store, u["bcvt"], rid, None)):
            with pytest.raises(NotPermittedError):
                act()                                                  # the cooperating unit does not handle it
        workflow.add_note(store, u["bcvt"], rid, "Phòng BCVT đã góp ý")  # it adds its part as a note
        workflow.finish(store, u["cntt"], rid, "2/STTTT-CNTT")          # the handling unit closes it
        with pytest.raises(NotPermittedError):
            workflow.start(store, u["cntt"], rid)                      # closed


def test_a_units_queue_holds_its_documents_however_many_others_there_are(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workflow, "QUEUE_LIMIT", 3)
    with Store(Config(home=tmp_path)) as store:
        u = people(store)
        office = Config(home=tmp_path).office()
        mine = record("mine", "1/A", "Một văn bản của CNTT")
        others = [record(f"o{k}", f"{k}/B", f"Văn bản bưu chính {k}") for k in range(6)]
        store.add([mine, *others])
        workflow.decide(store, office, u["ld"], mine.source.sha256, "P.CNTT", [], None, None)
        for r in others:                                               # directed later: more recent
            workflow.decide(store, office, u["ld"], r.source.sha256, "P.BCVT", [], None, None)
        assert [i.id for i in workflow.unit_queue(store, u["cntt"])] == [mine.source.sha256]
        assert len(workflow.unit_queue(store, u["bcvt"])) == 3
