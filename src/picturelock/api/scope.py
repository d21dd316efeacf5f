"""Routes that show vendors and clients their own part of a production, and everyone else all of it.

Most routes of a production refuse vendors and clients (`deps.allowed`: the production as a whole
is not an item of their organisation, so they are answered "not found"). A route that cuts what it
answers down to the caller's part (services.visibility) depends on `member_view(capability)`
instead: it lets a vendor or client through when their role carries the capability, and hands the
route their membership so that it can cut. Such routes carry `x-scope: own-part` in the OpenAPI
document (the generated access tests read it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Path, Request

from picturelock.api.deps import Caller, gate, signed_in
from picturelock.domain.access import TERMS, AccessDenied, Capability, Membership, decide
from picturelock.domain.organisations import is_scoped

OWN_PART = "own-part"


@dataclass(frozen=True, slots=True)
class MemberView:
    """The production asked for and the caller's membership in it (allowed to see their part)."""

    production_id: int
    membership: Membership

    @property
    def scoped(self) -> bool:
        return is_scoped(self.membership)


def member_view(capability: Capability) -> Callable[..., Awaitable[MemberView]]:
    """A dependency: the production in the path and the caller's membership, once the caller may
    use `capability` on their part of it (all of it, for roles that are not scoped)."""

    async def check(
        request: Request,
        production_id: int = Path(ge=1, le=2**31 - 1, description="The production's id."),
        caller: Caller = Depends(signed_in),
    ) -> MemberView:
        doors = gate(request)
        membership = doors.membership(caller.session, production_id)
        own = membership.organisation if membership is not None and is_scoped(membership) else None
        if TERMS[capability].audited_as is not None:
            decision = doors.authorise(caller.session, production_id, capability, own)
        else:
            decision = decide(membership, capability, production=production_id, owner_org=own)
        if not decision.allowed or membership is None:
            raise AccessDenied(decision)
        return MemberView(production_id, membership)

    check.capability = capability  # type: ignore[attr-defined]
    return check


def own_part_extra(capability: Capability) -> dict[str, Any]:
    """OpenAPI extensions of a route that answers vendors and clients with their own part."""
    return {"x-capability": capability.value, "x-scope": OWN_PART}
