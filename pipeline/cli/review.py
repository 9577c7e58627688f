"""The clerk's review: ``congvan correct ID FIELD VALUE`` corrects one field of a record."""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer

from congvan.pipeline.cli.app import app, fail
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import CongvanError


@app.command()
def correct(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A record id (sha256) or its first 6+ characters.")],
    field: Annotated[str, typer.Argument(help="subject, number, date, issuer, type, place, signer, signer.title, "
                                              "signer.authority, urgency, confidentiality, recipients, "
                                              "references, so-den (arrival_number), ngay-den (arrival_date), "
                                              "receiver, leader, direction, handling.main, "
                                              "handling.coordination; or the record's dotted name.")],
    value: Annotated[str, typer.Argument(help="The right value; a date as YYYY-MM-DD or D/M/YYYY, a list as "
                                              "entries separated by ';', '-' to clear the field.")],
    who: Annotated[str, typer.Option(help="Who corrects (kept in the audit trail; default: the login name).")]
    = "",
) -> None:
    """Correct one field of a registered record. The value is checked as an extracted one would
    be, written to the ledger with the audit trail (who, when, before, after), re-indexed, and
    kept: a later re-extraction of the same file does not undo it. `congvan show ID` lists it."""
    from congvan.pipeline.correct import correct as correct_field
    from congvan.search.store import Store

    try:
        with Store(Config.from_env()) as store:
            done = correct_field(store, record_id, field, value, who or getpass.getuser())
    except CongvanError as exc:
        raise fail(exc) from None
    typer.echo(json.dumps({"id": done.record_id, "field": done.field, "value": done.value}, ensure_ascii=False))
