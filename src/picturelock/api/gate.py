"""The API's one use of accounts: sessions, CSRF and `authorise`, over the app's one engine.

Built by `create_app` (never at import) from the settings and the database; the routes reach it
as `request.app.state.gate`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from picturelock.api.errors import ApiError
from picturelock.domain.access import SCOPED_ROLES, Capability, Decision, Membership, Role, decide
from picturelock.domain.plan import Plan
from picturelock.services import productions
from picturelock.services.accounts import Accounts, Session, SignInRefused
from picturelock.services.settings import Settings


@dataclass(frozen=True, slots=True)
class SignedIn:
    login: str
    token: str
    csrf_token: str
    expires: str


class Gate:
    """Accounts and the database engine of one running app."""

    def __init__(self, accounts: Accounts, engine: sa.Engine, settings: Settings) -> None:
        self.accounts = accounts
        self.engine = engine
        self.settings = settings

    @classmethod
    def start(cls, settings: Settings | None, db: productions.Database | None) -> Gate:
        """Settings from the environment and the default database where not given."""
        from picturelock.adapters.db.engine import make_engine

        chosen = settings or Settings.from_environment()
        target = db if db is not None else productions.default_database()
        engine = target if isinstance(target, sa.Engine) else make_engine(target)
        return cls(Accounts(engine, chosen), engine, chosen)

    def close(self) -> None:
        self.accounts.close()
        self.engine.dispose()

    def sign_in(self, login: str, password: str, address: str) -> SignedIn:
        """A new session; 401 for a wrong login or password, 429 (with Retry-After) when locked."""
        try:
            session = self.accounts.sign_in(login, password, client_address=address)
        except SignInRefused as refused:
            if refused.lockout is None:
                raise ApiError(401, refused.message, code="sign_in_refused") from None
            seconds = str(max(1, math.ceil(refused.lockout.retry_after.total_seconds())))
            raise ApiError(429, refused.message, headers={"Retry-After": seconds}) from None
        return SignedIn(session.login, session.token, self.accounts.csrf_token(session), _iso(session))

    def describe(self, session: Session) -> SignedIn:
        return SignedIn(session.login, "", self.accounts.csrf_token(session), _iso(session))

    def session_for(self, token: str) -> Session | None:
        return self.accounts.session_for(token)

    def csrf_ok(self, session: Session, token: str) -> bool:
        return bool(token) and self.accounts.check_csrf(session, token)

    def sign_out(self, token: str) -> None:
        self.accounts.sign_out(token)

    def authorise(
        self, session: Session, production_id: int, capability: Capability, owner_org: str | None = None
    ) -> Decision:
        return self.accounts.authorise(session, production_id, capability, owner_org)

    def membership(self, session: Session, production_id: int) -> Membership | None:
        """The caller's membership in the production (None: not a member), with its organisation."""
        return self.accounts.membership_for(session, production_id)

    def visible(self, session: Session, capability: Capability) -> set[int]:
        """The productions where the caller may use `capability` (one read, for lists); for a
        vendor or client, on their own part of it."""
        return {
            m.production
            for m in self.accounts.memberships(session)
            if decide(m, capability, production=m.production, owner_org=_own_part(m)).allowed
        }

    def import_as_producer(self, session: Session, plan: Plan) -> int:
        """Hold `plan` as a new production whose producer is the caller (both or neither)."""
        production_id = productions.import_plan(plan, self.engine, by=session.login)
        try:
            self.accounts.grant_membership(production_id, session.login, Role.PRODUCER, by=session.login)
        except BaseException:
            productions.delete_production(production_id, 1, self.engine)
            raise
        return production_id


def _own_part(membership: Membership) -> str | None:
    """The organisation whose items a member sees: their own for vendors and clients."""
    return membership.organisation if membership.role in SCOPED_ROLES else None


def _iso(session: Any) -> str:
    return str(session.expires_at.isoformat())
