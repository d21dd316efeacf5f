"""docs/permissions.md, generated from the permission matrix in picturelock.domain.access.

Regenerate: python -m picturelock.adapters.security.permissions_doc > docs/permissions.md
(a test fails, naming this command, when the committed page differs from the matrix).
"""

from __future__ import annotations

import sys

from argon2 import PasswordHasher

from picturelock.adapters.security import passwords, ratelimit, tokens
from picturelock.domain.access import PERMISSIONS, SCOPED_ROLES, TERMS, Area, Capability, Role
from picturelock.domain.organisations import ORGANISATION_EXPECTED

REGENERATE = "python -m picturelock.adapters.security.permissions_doc > docs/permissions.md"

INTRO = """\
# Permissions

<!-- Generated from PERMISSIONS in src/picturelock/domain/access.py; do not edit by hand.
     Regenerate: {regenerate} -->

A production is the unit of access. Each person holds one role in each production they work on,
and nothing at all in the others: every request for another production's data is answered as if
it did not exist. The matrix below is the only place permissions are decided
(`picturelock.domain.access.PERMISSIONS`); the API asks `decide(membership, capability,
production=..., owner_org=...)` before every route.

- **Executives read and never write.** They hold every capability that changes nothing.
- **Crew see no money.**
- **Only the producer and the post supervisor manage members.**
- **Vendors and clients see only what is theirs:** items tagged with their organisation (their
  tasks, their deliverables, the cuts and turnovers sent to them, their proposals). An item of
  another organisation, or of none, is answered as not found. Their membership must name the
  organisation. What that means for the schedule is below ("What a vendor or client sees").
- Uses marked *audited* are written to the production's append-only, hash-chained audit log
  (`picturelock.domain.audit`): who, when, what, on what.
"""

SYMBOL = {True: "yes", False: "·"}


def _cell(role: Role, capability: Capability) -> str:
    if capability not in PERMISSIONS[role]:
        return SYMBOL[False]
    return "own org" if role in SCOPED_ROLES else SYMBOL[True]


def _matrix() -> list[str]:
    roles = list(Role)
    lines = [
        "## The matrix",
        "",
        "`yes`: allowed; `own org`: allowed on their organisation's items only; `·`: refused.",
        "",
        "| capability | " + " | ".join(r.value.replace("_", " ") for r in roles) + " |",
        "| --- | " + " | ".join(":---:" for _ in roles) + " |",
    ]
    for capability in Capability:
        cells = " | ".join(_cell(role, capability) for role in roles)
        lines.append(f"| `{capability.value}` | {cells} |")
    return lines


def _capabilities() -> list[str]:
    lines = ["## What each capability covers", "", "| area | capability | writes | covers | audited as |"]
    lines.append("| --- | --- | :---: | --- | --- |")
    for area in Area:
        for capability, terms in TERMS.items():
            if terms.area is area:
                audited = f"`{terms.audited_as.value}`" if terms.audited_as else ""
                writes = "yes" if terms.writes else ""
                lines.append(
                    f"| {area.value} | `{capability.value}` | {writes} | {terms.meaning} | {audited} |"
                )
    return lines


def _accounts() -> list[str]:
    argon = PasswordHasher()
    policy = tokens.SessionPolicy()
    return [
        "## Accounts, sessions and sign-in (`picturelock.adapters.security`)",
        "",
        f"- **Passwords** are stored only as argon2id hashes (time cost {argon.time_cost}, "
        f"memory {argon.memory_cost // 1024} MiB, parallelism {argon.parallelism}: RFC 9106's "
        "low-memory profile). A hash made with weaker parameters is replaced at the next good "
        f"sign-in. New passwords: at least {passwords.MIN_LENGTH} characters, at most "
        f"{passwords.MAX_LENGTH}, not the account name.",
        f"- **Sessions**: a {tokens.SESSION_TOKEN_BYTES}-byte random token in the browser; the database "
        f"keeps only its SHA-256 digest. A session ends after {policy.idle.total_seconds() / 3600:g} hours "
        "without use and "
        f"{policy.absolute.days} days after sign-in.",
        "- **CSRF**: every write from a browser must carry a token bound to its session (a random nonce and "
        "an HMAC-SHA256 under the server secret); a token of another session is refused.",
        f"- **Sign-in limits**: {ratelimit.PER_ACCOUNT} failures for one account, or "
        f"{ratelimit.PER_ADDRESS} from one address (IPv6: one /64), within a sliding "
        f"{int(ratelimit.WINDOW.total_seconds() // 60)} minutes lock sign-in until enough age out; "
        "the refusal says when to try again. Unknown account names are counted and answered like "
        "real ones. The sign-in that brings on a lockout says so (`SignInResult.locked_now`), for the "
        "audit log (`account_locked`).",
    ]


SCOPED = """\
## What a vendor or client sees

A vendor's or client's membership names one organisation, and so may people, resources and tasks
in a plan (`organisation` in the plan file, docs/plan-file.md): a short id
({organisation}).
An item naming none belongs to the production. A task naming none belongs to the organisation of
its assigned resources when every one of them names the same one (a mix booked only on a
facility's dubbing theatre is the facility's), else to the production
(`picturelock.domain.organisations.task_organisation`).

- **The schedule** (`GET /productions/{{id}}/schedule`; the pages built on it): only their
  organisation's tasks, with the dates, float and critical flags the whole plan gives them (they
  are not rescheduled on their own); the critical path and the forecast cut down to those tasks.
  A date driven by a task they cannot see says "another task", with no id. Owners and resources
  outside their organisation are left out, and a sentence that would name another organisation's
  task, resource or person (a driver, an escalation) is replaced by a plain one. `scope` names
  their organisation. Keys of the document that `picturelock.services.visibility` does not know
  are left out, so a new part of the document stays hidden from them until it is taught there.
- **Milestones**: their own, and the production's milestones their tasks lead to (a delivery date
  they work towards); never another organisation's.
- **Escalations, follow-ups and notes rounds**: only those about their tasks alone; a follow-up
  only when the person chased is one of theirs.
- **The production** (`GET /productions/{{id}}`): its title, format, start and version, and their
  tasks with their versions; not who changed it last.
- **Answered as not found**: exports (MS Project XML, iCalendar, CSV, XLSX, Gantt SVG and PNG)
  and the plan file, which hold the whole production, and every route of a production that does
  not cut its answer down to their part (links, resources, edits, jobs, members, the audit log).
  Routes that do are marked `x-scope: own-part` in the OpenAPI document.
"""

FOR_THE_API = """\
## Every request, in order

1. No session cookie, or `token_digest(cookie)` names no live session (`SessionPolicy.is_live`):
   refuse as unauthenticated.
2. A write without a CSRF token that `CsrfTokens.check(session_digest, token)` accepts: refuse.
3. Look up the user's `Membership` in the production named by the route (None if they have none)
   and ask `decide(membership, capability, production=..., owner_org=item's organisation)`. A
   route showing a vendor or client their own part of the production (`x-scope: own-part`) asks
   with their own organisation and then cuts its answer down (`picturelock.services.visibility`).
   Refused with `hides_existence`: answer "not found"; otherwise refused: answer "forbidden".
4. Allowed and `decision.audited_as` is set: append an `AuditEntry` (who, when, production,
   action, subject) before answering. Lists are filtered with `visible_items`.
"""


def render() -> str:
    parts = [INTRO.format(regenerate=REGENERATE), *_matrix(), "", *_capabilities(), "", *_accounts()]
    parts += ["", SCOPED.format(organisation=ORGANISATION_EXPECTED.removeprefix("a short id: ")).rstrip("\n")]
    parts += ["", FOR_THE_API.rstrip("\n")]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
