"""HTTP routes of accounts (AUTH_MODE=accounts): first-run setup, sign in and out, the sessions and sign-in list,
changing the password, and two-step sign-in. In other modes they answer 404 accounts_off (GET /api/setup
still says which mode it is, so the page knows how people sign in).
"""

from __future__ import annotations

import azure.functions as func

from handlers.cookies import address_of, clear_cookie, device_of, session_token, set_cookie
from handlers.responses import ANON, api, body_of, json_response, signed_in
from records import accounts, sessions, signin, totp
from records.db import get_engine
from records.errors import AccountsOff, BadRequest, NotFound
from settings import get_settings

bp = func.Blueprint()


def _accounts_on():
    """The settings, when accounts are the way in; raises AccountsOff (404) otherwise."""
    settings = get_settings()
    if settings.auth_mode != "accounts":
        raise AccountsOff(settings.auth_mode)
    return settings


def _fields(req: func.HttpRequest, *names: str, optional: tuple[str, ...] = ()) -> dict:
    """The named string fields of a JSON object body; raises BadRequest for anything else."""
    body = body_of(req)
    if not isinstance(body, dict):
        raise BadRequest("a JSON object is required")
    values = {}
    for name in (*names, *optional):
        value = body.get(name)
        if value is None and name in optional:
            continue
        if not isinstance(value, str):
            raise BadRequest(f"{name} must be a string")
        values[name] = value
    return values


def _client(req: func.HttpRequest) -> signin.Client:
    return signin.Client(address=address_of(req), device=device_of(req))


def _signed_in_answer(req, settings, result: dict, status: int = 200) -> func.HttpResponse:
    max_age = settings.session_days * 86400
    body = {"person": result["person"], "session_id": result["session_id"]}
    return json_response(body, status, {"Set-Cookie": set_cookie(req, result["token"], max_age)})


@bp.route(route="api/setup", methods=["GET"], auth_level=ANON)
@api
def setup_state(req: func.HttpRequest) -> func.HttpResponse:
    """How people sign in here (auth_mode), and whether the first account is still to be made."""
    settings = get_settings()
    needed = settings.auth_mode == "accounts" and accounts.setup_needed(get_engine())
    return json_response({"auth_mode": settings.auth_mode, "setup_needed": needed})


@bp.route(route="api/setup", methods=["POST"], auth_level=ANON)
@api
def create_first_account(req: func.HttpRequest) -> func.HttpResponse:
    """Create the first account with the one-time link's token, and sign it in."""
    settings = _accounts_on()
    body = _fields(req, "token", "username", "password")
    engine = get_engine()
    person = accounts.create(engine, body["username"], body["password"], setup_token=body["token"])
    result = signin.open_session(engine, person, client=_client(req), days=settings.session_days)
    return _signed_in_answer(req, settings, result, 201)


@bp.route(route="api/session", methods=["POST"], auth_level=ANON)
@api
def sign_in(req: func.HttpRequest) -> func.HttpResponse:
    """Sign in with username, password and (when two-step sign-in is on) a one-time or recovery code."""
    settings = _accounts_on()
    body = _fields(req, "username", "password", optional=("otp",))
    result = signin.sign_in(
        get_engine(),
        body["username"],
        body["password"],
        body.get("otp"),
        client=_client(req),
        tz=settings.ledger_tz,
        days=settings.session_days,
    )
    return _signed_in_answer(req, settings, result)


@bp.route(route="api/session", methods=["DELETE"], auth_level=ANON)
@api
def sign_out(req: func.HttpRequest) -> func.HttpResponse:
    """Sign out this browser; with ?all=1 every session of the person, everywhere."""
    settings = _accounts_on()
    engine = get_engine()
    if req.params.get("all") in ("1", "true"):
        sessions.end_everywhere(engine, signed_in(req, settings)["person_id"])
    else:
        sessions.end(engine, session_token(req))
    return func.HttpResponse(status_code=204, headers={"Set-Cookie": clear_cookie(req), "Cache-Control": "no-store"})


@bp.route(route="api/sessions", methods=["GET"], auth_level=ANON)
@api
def list_sessions(req: func.HttpRequest) -> func.HttpResponse:
    """The person's signed-in devices and their recent sign-ins (time, device, address, outcome)."""
    settings = _accounts_on()
    me = signed_in(req, settings)
    engine = get_engine()
    return json_response(
        {
            "sessions": sessions.active(engine, me["person_id"], current=session_token(req)),
            "sign_ins": signin.history(engine, me["person_id"]),
        }
    )


@bp.route(route="api/sessions/{id}", methods=["DELETE"], auth_level=ANON)
@api
def end_session(req: func.HttpRequest) -> func.HttpResponse:
    """Sign out one of the person's devices."""
    settings = _accounts_on()
    me = signed_in(req, settings)
    if not sessions.end_one(get_engine(), me["person_id"], req.route_params.get("id", "")):
        raise NotFound("session")
    return func.HttpResponse(status_code=204, headers={"Cache-Control": "no-store"})


@bp.route(route="api/password", methods=["POST"], auth_level=ANON)
@api
def change_password(req: func.HttpRequest) -> func.HttpResponse:
    """Change the password (the current one is asked again); every other session ends."""
    settings = _accounts_on()
    me = signed_in(req, settings)
    body = _fields(req, "current", "new")
    ended = signin.change_password(
        get_engine(),
        me["person_id"],
        body["current"],
        body["new"],
        token=session_token(req),
        client=_client(req),
        tz=settings.ledger_tz,
    )
    return json_response({"sessions_ended": ended})


@bp.route(route="api/totp", methods=["POST"], auth_level=ANON)
@api
def begin_totp(req: func.HttpRequest) -> func.HttpResponse:
    """Start two-step sign-in: a secret, its otpauth:// URI and a QR code to scan."""
    settings = _accounts_on()
    me = signed_in(req, settings)
    return json_response(totp.begin(get_engine(), me["person_id"], me["username"]))


@bp.route(route="api/totp/confirm", methods=["POST"], auth_level=ANON)
@api
def confirm_totp(req: func.HttpRequest) -> func.HttpResponse:
    """Switch two-step sign-in on with a code from the app; answers the recovery codes, shown this once."""
    settings = _accounts_on()
    me = signed_in(req, settings)
    body = _fields(req, "code")
    return json_response({"recovery_codes": totp.confirm(get_engine(), me["person_id"], body["code"])})


@bp.route(route="api/totp/disable", methods=["POST"], auth_level=ANON)
@api
def disable_totp(req: func.HttpRequest) -> func.HttpResponse:
    """Switch two-step sign-in off (the password is asked again)."""
    settings = _accounts_on()
    me = signed_in(req, settings)
    body = _fields(req, "password")
    signin.turn_off_totp(get_engine(), me["person_id"], body["password"], client=_client(req), tz=settings.ledger_tz)
    return func.HttpResponse(status_code=204, headers={"Cache-Control": "no-store"})
