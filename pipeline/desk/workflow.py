"""Each incoming document's step in the office's work (Nghị định 30/2020/NĐ-CP, Điều 20–24):
tiếp nhận and đăng ký (congvan's ingest) → trình (the clerk presents it) → ý kiến chỉ đạo and
phân phối (a leader names the handling unit, the cooperating ones, the deadline and the
direction) → chuyển giao and giải quyết (the unit assigns it, handles it, closes it with its
reply's số/ký hiệu) → theo dõi, đôn đốc (what is due, what is overdue).

A leader's decision is written into the record's ``incoming.handling`` (the fields the paper
stamp has for it) and its ``routing`` through the ledger's corrections, so it is in the audit
trail, survives re-extraction, feeds ``congvan route train`` and decides which units may see the
document (:func:`congvan.search.index.assigned_units`). The step itself, the deadline and the
person handling it are in the ledger's ``desk`` table; every step is in ``desk_log``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import orjson

from congvan.pipeline.core.confidence import CHECK_BELOW
from congvan.pipeline.core.errors import InputFileError, NoSuchRecordError, NotPermittedError
from congvan.pipeline.core.records import Record
from congvan.pipeline.core.units import Office
from congvan.pipeline.core.vntext import nfc
from congvan.pipeline.correct import parse_value
from congvan.pipeline.desk.accounts import User, audit, unit_members
from congvan.pipeline.routing import unit_named
from congvan.search.index import UNIT_SEPARATOR, Visibility, assigned_units, is_secret, visible
from congvan.search.ledger import Ledger, now
from congvan.search.store import Store

REGISTERED, PRESENTED, DIRECTED, IN_PROGRESS, DONE = "registered", "presented", "directed", "in_progress", "done"
STATES: dict[str, str] = {REGISTERED: "Đã đăng ký", PRESENTED: "Đã trình", DIRECTED: "Đã phân phối",
                          IN_PROGRESS: "Đang giải quyết", DONE: "Đã giải quyết"}
URGENCY_RANK: dict[str | None, int] = {"Hỏa tốc": 0, "Thượng khẩn": 1, "Khẩn": 2}
# the fields a clerk checks before presenting a document (the register's columns and the marks)
REVIEW_FIELDS = ("document.number", "document.type", "document.issuer", "document.date", "document.subject",
                 "document.signer.name", "document.urgency", "document.confidentiality",
                 "incoming.arrival_number", "incoming.arrival_date")
QUEUE_LIMIT = 200


@dataclass(frozen=True)
class Step:
    record_id: str
    state: str = REGISTERED
    deadline: str | None = None
    assignee: str | None = None
    reply_number: str | None = None

    @property
    def label(self) -> str:
        return STATES[self.state]


def step(ledger: Ledger, record_id: str) -> Step:
    row = ledger.conn.execute("SELECT state, deadline, assignee, reply_number FROM desk WHERE record_id = ?",
                              (record_id,)).fetchone()
    return Step(record_id, *row) if row else Step(record_id)


def history(ledger: Ledger, record_id: str) -> list[dict[str, Any]]:
    """The document's steps and notes, oldest first."""
    return [dict(r) for r in ledger.conn.execute(
        "SELECT at, who, action, note FROM desk_log WHERE record_id = ? ORDER BY id", (record_id,))]


def _write(ledger: Ledger, record_id: str, who: User, action: str, note: str | None, **fields: Any) -> Step:
    with ledger.transaction(immediate=True):
        old = step(ledger, record_id)
        new = Step(**{**old.__dict__, **fields})
        ledger.conn.execute(
            "INSERT INTO desk(record_id, state, deadline, assignee, reply_number, updated_at) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT(record_id) DO UPDATE SET state=excluded.state, deadline=excluded.deadline, "
            "assignee=excluded.assignee, reply_number=excluded.reply_number, updated_at=excluded.updated_at",
            (record_id, new.state, new.deadline, new.assignee, new.reply_number, now()))
        ledger.conn.execute("INSERT INTO desk_log(record_id, at, who, action, note) VALUES (?,?,?,?,?)",
                            (record_id, now(), who.name, action, note))
    return new


def readable(store: Store, user: User, record_id: str) -> Record:
    """The record when ``user`` may see it; "no such record" otherwise, whether it exists or not,
    so that a secret document's existence does not leak. A secret document's every view is
    in the audit log."""
    record = store.ledger.get(record_id) if len(record_id) == 64 else None
    if record is None or not visible(record, user.visibility()):
        raise NoSuchRecordError("no such record", record_id[:64])
    if is_secret(record):
        audit(store.ledger, user.name, "xem văn bản mật", record_id)
    return record


def _require(ok: bool, what: str) -> None:
    if not ok:
        raise NotPermittedError(what)


def present(store: Store, user: User, record_id: str) -> Step:
    """The clerk presents (trình) a registered document to the leaders."""
    readable(store, user, record_id)                 # first: what may not be seen is not found, whoever asks
    _require(user.role == "van-thu", "chỉ văn thư trình văn bản")
    current = step(store.ledger, record_id)
    _require(current.state == REGISTERED, f"văn bản đang ở bước “{current.label}”")
    return _write(store.ledger, record_id, user, "trình", None, state=PRESENTED)


def proposed_deadline(record: Record, today: date | None = None) -> str | None:
    """The deadline to pre-fill: the earliest dated deadline the document sets that is not past."""
    today = today or date.today()
    dates = sorted(d.date for d in record.document.deadlines if d.date and d.date >= today.isoformat())
    return dates[0] if dates else None


def decide(store: Store, office: Office, user: User, record_id: str, main: str, coordination: list[str],
           deadline: str | None, direction: str | None) -> Step:
    """A leader's direction: the handling unit (chủ trì), the cooperating ones (phối hợp), the
    deadline (hạn xử lý) and the direction (ý kiến chỉ đạo); one transaction of corrections."""
    readable(store, user, record_id)
    _require(user.role == "lanh-dao", "chỉ lãnh đạo cho ý kiến chỉ đạo")
    current = step(store.ledger, record_id)
    _require(current.state in (REGISTERED, PRESENTED, DIRECTED), f"văn bản đang ở bước “{current.label}”")
    unit = unit_named(main, office)
    coop = [u for u in dict.fromkeys(unit_named(c, office) for c in coordination if c.strip()) if u != unit]
    due = parse_value("document.date", deadline) if deadline and deadline.strip() else None
    words = nfc(direction) if direction else None
    note = f"chủ trì: {unit}" + (f"; phối hợp: {', '.join(coop)}" if coop else "") + \
        (f"; hạn: {due}" if due else "") + (f"; ý kiến: {words}" if words else "")
    with store.ledger.transaction(immediate=True):       # the decision and the step commit together
        done = _write(store.ledger, record_id, user, "phân phối", note, state=DIRECTED, deadline=due)
        store.ledger.conn.execute("UPDATE desk SET units = ? WHERE record_id = ?",
                                  ("".join(_unit_key(u) for u in [unit, *coop]), record_id))
        store.correct_many(record_id, [
            ("routing.main", unit), ("routing.coordination", coop), ("incoming.handling.main", unit),
            ("incoming.handling.coordination", f"{UNIT_SEPARATOR} ".join(coop) or None),
            ("incoming.handling.direction", words), ("incoming.handling.leader", user.full_name)], user.name,
            flush=False)
    store.flush()                                        # Elasticsearch: after the commit, from the outbox
    return done


def _unit_of(user: User, record: Record) -> None:
    """The user's unit handles the document (chủ trì): it assigns, starts and closes it; the
    cooperating units (phối hợp) see it and add their notes."""
    _require(user.role == "don-vi" and user.unit in assigned_units(record), "văn bản không giao cho đơn vị của bạn")
    _require(user.unit == assigned_units(record)[0], "đơn vị bạn phối hợp: đơn vị chủ trì giải quyết văn bản này")


def assign(store: Store, user: User, record_id: str, person: str) -> Step:
    """The unit's head gives the document to one of the unit's staff."""
    record = readable(store, user, record_id)
    _unit_of(user, record)
    _require(user.head, "chỉ trưởng đơn vị phân công")
    assert user.unit is not None
    members = {m.name: m for m in unit_members(store.ledger, user.unit, user.office)}
    _require(person in members, "người được giao không thuộc đơn vị")
    return _write(store.ledger, record_id, user, "phân công", f"giao {members[person].full_name}", assignee=person)


def start(store: Store, user: User, record_id: str) -> Step:
    record = readable(store, user, record_id)
    _unit_of(user, record)
    current = step(store.ledger, record_id)
    _require(current.state == DIRECTED, f"văn bản đang ở bước “{current.label}”")
    return _write(store.ledger, record_id, user, "bắt đầu giải quyết", None, state=IN_PROGRESS,
                  assignee=current.assignee or user.name)


def finish(store: Store, user: User, record_id: str, reply_number: str | None = None) -> Step:
    """Handled: closed, with the reply's số/ký hiệu when there is one."""
    record = readable(store, user, record_id)
    _unit_of(user, record)
    current = step(store.ledger, record_id)
    _require(current.state in (DIRECTED, IN_PROGRESS), f"văn bản đang ở bước “{current.label}”")
    reply = nfc(reply_number) if reply_number else None
    return _write(store.ledger, record_id, user, "đã giải quyết", f"văn bản trả lời: {reply}" if reply else None,
                  state=DONE, reply_number=reply, assignee=current.assignee or user.name)


def add_note(store: Store, user: User, record_id: str, text: str) -> Step:
    readable(store, user, record_id)
    words = nfc(text)
    if not words:
        raise InputFileError("a note needs some text", record_id)
    return _write(store.ledger, record_id, user, "ghi chú", words[:2000])


STEPS = ("present", "assign", "start", "finish", "note")
UNIT_STEPS = ("assign", "start", "finish")          # what a unit does from its list


def take_step(store: Store, user: User, record_id: str, action: str, person: str | None = None,
              reply_number: str | None = None, note: str | None = None) -> Step:
    """One handling step by its name (:data:`STEPS`), as the desk's forms and API post it."""
    if action == "present":
        return present(store, user, record_id)
    if action == "assign":
        return assign(store, user, record_id, person or "")
    if action == "start":
        return start(store, user, record_id)
    if action == "finish":
        return finish(store, user, record_id, reply_number or None)
    if action == "note":
        return add_note(store, user, record_id, note or "")
    raise InputFileError(f"action is {', '.join(STEPS)}", action)


# -- queues ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    record: Record
    step: Step
    arrival_number: int | None = None
    to_check: tuple[str, ...] = ()          # fields under the confidence line (review queue)

    @property
    def id(self) -> str:
        return self.record.source.sha256


def _unit_key(unit: str) -> str:
    """A unit as the desk row's ``units`` holds it (each between two unit separators, so that a
    unit whose name is part of another's is not taken for it)."""
    return f"\x1f{unit}\x1f"


def _seen_sql(who: Visibility) -> tuple[str, list[Any]]:
    """The condition on ``records r`` and ``desk d`` for what ``who`` may see (the queues' form of
    :class:`Visibility`; the index applies the same rule to searches)."""
    office, office_args = "1 = 1", []
    if who.offices is not None:
        office = f"r.office IN ({', '.join('?' * len(who.offices))})" if who.offices else "1 = 0"
        office_args = list(who.offices)
    if who.everything:
        return office, office_args
    parts, args = (["r.confidentiality IS NULL"] if who.open else []), []
    for unit in who.units:
        parts.append("instr(coalesce(d.units, ''), ?) > 0")
        args.append(_unit_key(unit))
    return f"{office} AND " + ("(" + " OR ".join(parts) + ")" if parts else "1 = 0"), office_args + args


def _items(store: Store, user: User, where: str, args: tuple[Any, ...], order: str = "r.rowid DESC",
           limit: int | None = None) -> list[Item]:
    """The first ``limit`` records that ``where`` selects and ``user`` may see (filtered in the
    query; each record checked again against the record itself)."""
    who = user.visibility()
    seen, seen_args = _seen_sql(who)
    rows = store.ledger.conn.execute(
        "SELECT j.json, d.state, d.deadline, d.assignee, d.reply_number, g.seq FROM records r "
        "JOIN record_json j ON j.rid = r.rowid LEFT JOIN desk d ON d.record_id = r.id "
        f"LEFT JOIN register g ON g.record_id = r.id WHERE ({where}) AND {seen} ORDER BY {order} LIMIT ?",
        (*args, *seen_args, limit or QUEUE_LIMIT))
    out: list[Item] = []
    for text, state, deadline, assignee, reply, seq in rows:
        record = Record.from_dict(orjson.loads(text))
        if visible(record, who):
            out.append(Item(record, Step(record.source.sha256, state or REGISTERED, deadline, assignee, reply),
                            int(seq) if seq is not None else None))
    return out


def fields_to_check(record: Record) -> tuple[str, ...]:
    return tuple(f for f in REVIEW_FIELDS if record.confidence.get(f, 1.0) < CHECK_BELOW)


def review_queue(store: Store, user: User) -> list[Item]:
    """Registered, not yet presented, with fields congvan was unsure of (the clerk's checks),
    among the :data:`QUEUE_LIMIT` most recently registered ones."""
    return needing_check(to_present(store, user))


def needing_check(items: list[Item]) -> list[Item]:
    """Those of ``items`` with fields under the confidence line, each with its fields to check."""
    return [Item(i.record, i.step, i.arrival_number, fields) for i in items if (fields := fields_to_check(i.record))]


def registered_on(store: Store, user: User, day: date | None = None) -> list[Item]:
    """The documents registered on ``day`` (today), newest first."""
    day = day or date.today()
    return _items(store, user, "g.registered_at >= ? AND g.registered_at < ?",
                  (day.isoformat(), (day + timedelta(days=1)).isoformat()))


def to_present(store: Store, user: User) -> list[Item]:
    return _items(store, user, "coalesce(d.state, 'registered') = 'registered'", ())


def leader_queue(store: Store, user: User) -> list[Item]:
    """Presented documents: Hỏa tốc, then Thượng khẩn, then Khẩn, then the rest; oldest first."""
    items = _items(store, user, "d.state = 'presented'", (), order="r.rowid")
    return sorted(items, key=lambda i: URGENCY_RANK.get(i.record.document.urgency, 9))


def unit_queue(store: Store, user: User) -> list[Item]:
    """The documents assigned to the user's unit (main or cooperating), open ones first."""
    if user.role != "don-vi" or not user.unit:
        return []
    items = [i for i in _items(store, user, "d.state IN ('directed', 'in_progress', 'done') AND "
                               "instr(coalesce(d.units, ''), ?) > 0", (_unit_key(user.unit),),
                               order="d.state = 'done', d.updated_at DESC") if user.unit in assigned_units(i.record)]
    return sorted(items, key=lambda i: (i.step.state == DONE, i.step.deadline or "9999"))


@dataclass(frozen=True)
class FollowUp:
    overdue: list[Item]
    this_week: list[Item]
    by_unit: dict[str, tuple[int, int, int]]     # unit → (open, overdue, due this week)


def follow_up(store: Store, user: User, today: date | None = None) -> FollowUp:
    """Theo dõi, đôn đốc: open documents past their deadline, due within 7 days, counts by unit."""
    today = today or date.today()
    week = (today + timedelta(days=6)).isoformat()
    items = _items(store, user, "d.state IN ('directed', 'in_progress')", (), order="d.deadline", limit=5000)
    overdue = [i for i in items if i.step.deadline and i.step.deadline < today.isoformat()]
    soon = [i for i in items if i.step.deadline and today.isoformat() <= i.step.deadline <= week]
    late, near = {i.id for i in overdue}, {i.id for i in soon}
    by_unit: dict[str, list[int]] = {}
    for i in items:
        units = assigned_units(i.record)
        counts = by_unit.setdefault(units[0] if units else "(chưa rõ)", [0, 0, 0])
        counts[0] += 1
        counts[1] += i.id in late
        counts[2] += i.id in near
    return FollowUp(overdue, soon, {u: (c[0], c[1], c[2]) for u, c in sorted(by_unit.items())})
