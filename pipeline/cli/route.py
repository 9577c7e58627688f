"""``congvan route explain | set | train``: routing proposals, corrections and the learned model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from congvan.pipeline.cli.app import app, fail
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import CongvanError, ExitCode, InputFileError
from congvan.pipeline.routing import unit_named

route_app = typer.Typer(no_args_is_help=True, help="Routing to the office's units: explain, correct, learn.")
app.add_typer(route_app, name="route")


@route_app.command("explain")
def explain(
    file: Annotated[Path, typer.Argument(help="A scan or PDF; with --text, a UTF-8 text file.")],
    text: Annotated[bool, typer.Option("--text", help="FILE is text already OCR'd elsewhere.")] = False,
) -> None:
    """The score of every unit for one document, with the evidence behind it."""
    from congvan.pipeline.cli.app import record_of
    from congvan.pipeline.route_model import MODEL_FILE, RouteModel
    from congvan.pipeline.routing import rule_probabilities, score_units

    record = record_of(file, text)
    config = Config.from_env()
    office = config.office()
    model = RouteModel.load(Path(config.home) / MODEL_FILE)
    scores, _ = score_units(record, office)
    probs = rule_probabilities(scores)
    learned = model.probabilities(record) if model else {}
    typer.echo(f"{'unit':<46} {'score':>7} {'rules':>6} {'model':>6}  evidence")
    for unit, s in sorted(scores.items(), key=lambda kv: -kv[1].score):
        model_p = f"{learned[unit]:.2f}" if unit in learned else "-"
        typer.echo(f"{unit:<46} {s.score:>7.1f} {probs[unit]:>6.2f} {model_p:>6}  {'; '.join(s.reasons) or '-'}")
    proposal = record.routing                       # routed with the same office and model
    typer.echo(f"\nproposal: {proposal.main or '(none)'}  [{proposal.confidence:.2f}]"
               + (f"  phối hợp: {', '.join(proposal.coordination)}" if proposal.coordination else ""))
    for reason in proposal.reasons:
        typer.echo(f"  {reason}")


@route_app.command("set")
def set_routing(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A record id or its first 6+ characters.")],
    main: Annotated[str | None, typer.Option(help="The handling unit (name or stamp code, e.g. P.CNTT).")] = None,
    coordination: Annotated[list[str] | None, typer.Option(help="A cooperating unit; repeat for several.")]
    = None,
    confirm: Annotated[bool, typer.Option("--confirm", help="Confirm the proposal as it stands.")] = False,
    who: Annotated[str, typer.Option(help="Who decides (kept in the audit trail).")] = "",
) -> None:
    """Correct or confirm a record's routing. Stored with the audit trail (who, when, before,
    after) and used by the next `congvan route train`."""
    import getpass

    from congvan.search.store import Store

    try:
        config = Config.from_env()
        office = config.office()
        person = who or getpass.getuser()
        with Store(config) as store:
            rid = record_id if len(record_id) == 64 else store.ledger.find_id(record_id)
            record = store.ledger.get(rid) if rid else None
            if record is None or rid is None:
                raise InputFileError("no such record in the ledger", record_id)
            units = [unit_named(v, office) for v in ([main] if main else [])]
            coop = [unit_named(v, office) for v in coordination or []]
            new_main = units[0] if units else record.routing.main
            if new_main is None:
                raise InputFileError("the record has no proposal to confirm: give --main", record_id)
            if not (main or coordination or confirm):
                raise typer.BadParameter("give --main, --coordination or --confirm")
            store.correct(rid, "routing.main", new_main, person)
            if coordination is not None:
                store.correct(rid, "routing.coordination", coop, person)
            fixed = store.correct(rid, "routing.reasons", [f"set by {person}"], person)
    except CongvanError as exc:
        raise fail(exc) from None
    typer.echo(json.dumps({"id": rid, "main": fixed.routing.main, "coordination": fixed.routing.coordination},
                          ensure_ascii=False))


@route_app.command("train")
def train_model() -> None:
    """Train the routing model on every record whose routing a person set or confirmed; the next
    ingest uses it beside the rules."""
    from congvan.pipeline.route_model import MODEL_FILE, train
    from congvan.search.ledger import Ledger

    config = Config.from_env()
    with Ledger(config.ledger) as ledger:
        confirmed = ledger.confirmed_routing()
        records = ledger.get_many(list(confirmed))
    labels = [confirmed[r.source.sha256] for r in records]
    model = train(records, labels)
    if model is None:
        typer.echo(f"congvan: {len(labels)} confirmed routing(s) over {len(set(labels))} unit(s): "
                   "confirm at least two units' documents first (`congvan route set`)", err=True)
        raise typer.Exit(int(ExitCode.usage))
    model.save(Path(config.home) / MODEL_FILE)
    typer.echo(f"trained on {model.trained_on} confirmed routings over {len(model.units)} units → "
               f"{Path(config.home) / MODEL_FILE}")
