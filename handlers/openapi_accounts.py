"""The account routes' part of the OpenAPI document (AUTH_MODE=accounts): setup, sign-in, sessions, password,
two-step sign-in. Outside accounts mode each answers 404 accounts_off.
"""

from __future__ import annotations

ERROR = {"$ref": "#/components/schemas/Error"}
STRING = {"type": "string", "maxLength": 300}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _body(*required: str, optional: tuple[str, ...] = ()) -> dict:
    schema = {
        "type": "object",
        "required": list(required),
        "properties": {name: STRING for name in (*required, *optional)},
    }
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _json(description: str, schema: dict | None = None) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema or {"type": "object"}}}}


OFF = {"404": _error("Accounts are not switched on (accounts_off)")}
SIGNED_IN = {"401": _error("Not signed in"), **OFF}
BAD_BODY = {"400": _error("Malformed request"), "415": _error("Not JSON")}
PERSON = {
    "type": "object",
    "required": ["id", "username", "totp"],
    "properties": {"id": {"type": "string"}, "username": {"type": "string"}, "totp": {"type": "boolean"}},
}
SIGNED_IN_ANSWER = {
    "type": "object",
    "required": ["person", "session_id"],
    "properties": {"person": PERSON, "session_id": {"type": "string"}},
}
NO_CONTENT = {"description": "Done"}


def paths() -> dict:
    """The account routes' path items."""
    return {
        "/api/setup": {
            "get": {
                "operationId": "setupState",
                "summary": "How people sign in here, and whether the first account is still to be made (public)",
                "responses": {
                    "200": _json(
                        "auth_mode and setup_needed",
                        {
                            "type": "object",
                            "required": ["auth_mode", "setup_needed"],
                            "properties": {"auth_mode": {"type": "string"}, "setup_needed": {"type": "boolean"}},
                        },
                    )
                },
            },
            "post": {
                "operationId": "createFirstAccount",
                "summary": "Create the first account with the one-time link's token; signs it in (sets the cookie)",
                "requestBody": _body("token", "username", "password"),
                "responses": {
                    "201": _json("Created and signed in", SIGNED_IN_ANSWER),
                    "403": _error("The link is not valid or has expired"),
                    "409": _error("An account exists already"),
                    "422": _error("Bad username or weak password"),
                    **BAD_BODY,
                    **OFF,
                },
            },
        },
        "/api/session": {
            "post": {
                "operationId": "signIn",
                "summary": "Sign in; 200 sets the HttpOnly session cookie",
                "requestBody": _body("username", "password", optional=("otp",)),
                "responses": {
                    "200": _json("Signed in", SIGNED_IN_ANSWER),
                    "401": _error("bad_credentials, otp_required or bad_otp"),
                    "429": _error("slow_down or locked_out, with Retry-After"),
                    **BAD_BODY,
                    **OFF,
                },
            },
            "delete": {
                "operationId": "signOut",
                "summary": "Sign out this browser; all=1 signs out every device",
                "parameters": [{"name": "all", "in": "query", "required": False, "schema": {"enum": ["1"]}}],
                "responses": {"204": NO_CONTENT, **SIGNED_IN},
            },
        },
        "/api/sessions": {
            "get": {
                "operationId": "listSessions",
                "summary": "Signed-in devices and recent sign-ins (time, device, address, outcome)",
                "responses": {
                    "200": _json(
                        "Sessions and sign-ins",
                        {
                            "type": "object",
                            "required": ["sessions", "sign_ins"],
                            "properties": {
                                "sessions": {"type": "array", "items": {"type": "object"}},
                                "sign_ins": {"type": "array", "items": {"type": "object"}},
                            },
                        },
                    ),
                    **SIGNED_IN,
                },
            }
        },
        "/api/sessions/{id}": {
            "delete": {
                "operationId": "endSession",
                "summary": "Sign out one device",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"204": NO_CONTENT, **SIGNED_IN},
            }
        },
        "/api/password": {
            "post": {
                "operationId": "changePassword",
                "summary": "Change the password; every other session ends",
                "requestBody": _body("current", "new"),
                "responses": {
                    "200": _json("Changed", {"type": "object", "properties": {"sessions_ended": {"type": "integer"}}}),
                    "403": _error("The current password is not right"),
                    "422": _error("Weak password"),
                    "429": _error("Too many wrong passwords"),
                    **BAD_BODY,
                    **SIGNED_IN,
                },
            }
        },
        "/api/totp": {
            "post": {
                "operationId": "beginTotp",
                "summary": "Start two-step sign-in: secret, otpauth:// URI and QR code (SVG data URI)",
                "responses": {
                    "200": _json(
                        "Scan this",
                        {
                            "type": "object",
                            "required": ["secret", "uri", "qr"],
                            "properties": {"secret": STRING, "uri": {"type": "string"}, "qr": {"type": "string"}},
                        },
                    ),
                    "409": _error("Already on"),
                    **SIGNED_IN,
                },
            }
        },
        "/api/totp/confirm": {
            "post": {
                "operationId": "confirmTotp",
                "summary": "Switch two-step sign-in on with a code from the app; answers ten recovery codes",
                "requestBody": _body("code"),
                "responses": {
                    "200": _json(
                        "On",
                        {
                            "type": "object",
                            "required": ["recovery_codes"],
                            "properties": {"recovery_codes": {"type": "array", "items": {"type": "string"}}},
                        },
                    ),
                    "409": _error("Not started, or already on"),
                    **BAD_BODY,
                    **SIGNED_IN,
                },
            }
        },
        "/api/totp/disable": {
            "post": {
                "operationId": "disableTotp",
                "summary": "Switch two-step sign-in off (the password is asked again)",
                "requestBody": _body("password"),
                "responses": {
                    "204": NO_CONTENT,
                    "403": _error("The password is not right"),
                    "409": _error("Not on"),
                    "429": _error("Too many wrong passwords"),
                    **BAD_BODY,
                    **SIGNED_IN,
                },
            }
        },
    }
