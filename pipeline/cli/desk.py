"""``congvan serve`` (the web desk) and ``congvan user`` (its accounts)."""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING, Annotated

import typer

from congvan.pipeline.cli.app import app, fail
from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import CongvanError, InputFileError

if TYPE_CHECKING:
    from congvan.search.ledger import Ledger

user_app = typer.Typer(no_args_is_help=True, help="Accounts of the web desk (users, roles, API tokens).")
app.add_typer(user_app, name="user")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes.")] = 1,
) -> None:
    """Serve the web desk (pages and the REST API under /api/v1) over the ledger and the index."""
    import uvicorn

    try:
        from congvan.pipeline.web.app import create_app

        create_app(Config.from_env())            # a broken units file or ledger says so here, in one line
    except CongvanError as exc:
        raise fail(exc) from None
    typer.echo(f"congvan: the desk is at http://{host}:{port}/ (Ctrl+C stops it)")
    uvicorn.run("congvan.pipeline.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning", proxy_headers=True)


def _ledger() -> Ledger:
    from congvan.search.ledger import Ledger

    return Ledger(Config.from_env().ledger)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login name (letters, digits, . - _).")],
    role: Annotated[str, typer.Option(help="van-thu | lanh-dao | don-vi | quan-tri | cap-tinh (a province-level "
                                           "reader of every office's documents that are not secret)")],
    full_name: Annotated[str, typer.Option("--full-name", help="The person's name as shown.")] = "",
    unit: Annotated[str | None, typer.Option(help="The unit of a don-vi account (name or stamp code).")] = None,
    head: Annotated[bool, typer.Option("--head", help="The unit's head (assigns its documents).")] = False,
    secret: Annotated[bool, typer.Option("--secret", help="A clerk cleared for secret documents.")] = False,
    office: Annotated[str | None, typer.Option(help="The office the account belongs to, in a deployment serving "
                                                    "several (default: CONGVAN_OFFICE).")] = None,
) -> None:
    """Create or update an account. The password is read from CONGVAN_PASSWORD, else asked for."""
    from congvan.pipeline.desk.accounts import add_user
    from congvan.pipeline.routing import unit_named

    password = os.environ.get("CONGVAN_PASSWORD") or getpass.getpass("Mật khẩu: ")
    try:
        config = Config.from_env()
        unit_name = unit_named(unit, config.office(office)) if unit else None
        with _ledger() as ledger:
            user = add_user(ledger, name, full_name or name, role, password, unit_name, head, secret,
                            config.office_code if office is None else office)
    except CongvanError as exc:
        raise fail(exc) from None
    typer.echo(f"{user.name}: {user.role_label}" + (f", {user.unit}" if user.unit else "")
               + (f" ({user.office})" if user.office else ""))


@user_app.command("list")
def user_list() -> None:
    """The active accounts."""
    from congvan.pipeline.desk.accounts import users

    with _ledger() as ledger:
        for u in users(ledger):
            typer.echo(f"{u.name:<16} {u.role_label:<10} {u.unit or ''}{' (trưởng)' if u.head else ''}"
                       f"{' (mật)' if u.secret else ''}  {u.full_name}" + (f"  [{u.office}]" if u.office else ""))


@user_app.command("token")
def user_token(
    name: Annotated[str, typer.Argument(help="The account the token acts as.")],
    label: Annotated[str, typer.Option(help="What the token is for (kept with it).")] = "api",
) -> None:
    """Print a new API token (Authorization: Bearer …) with the account's permissions."""
    from congvan.pipeline.desk.accounts import get_user, new_api_token

    with _ledger() as ledger:
        user = get_user(ledger, name)
        if user is None:
            raise fail(InputFileError("no such active account", name))
        typer.echo(new_api_token(ledger, user, label))


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument(help="The account to lock.")]) -> None:
    """Lock an account: its sessions and API tokens stop working."""
    from congvan.pipeline.desk.accounts import deactivate, get_user

    with _ledger() as ledger:
        if get_user(ledger, name) is None:
            raise fail(InputFileError("no such active account", name))
        deactivate(ledger, name)
    typer.echo(f"{name}: locked")

