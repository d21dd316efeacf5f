"""The tables of accounts, sessions, memberships and the audit log (on the plans' MetaData).

- `accounts`: one per person who signs in. `login` is kept casefolded (one account per name,
  whatever the case typed); only the argon2id hash of the password is kept.
- `sessions`: keyed by the SHA-256 digest of the session token (the browser holds the token; a
  copy of the database lets nobody in). The CSRF token is derived from the digest and the
  server secret, so it needs no column. `expires_at` is the earlier of idle and absolute expiry,
  kept so stale sessions can be swept with one statement.
- `memberships`: one role per account per production; vendors and clients name their
  organisation. Goes with the account or the production.
- `audit_entries`: the hash-chained audit log (`picturelock.domain.audit`), one chain per
  production and one accounts-wide chain (chain 0: lockouts, password changes). A production's
  chain goes with the production, as every row of a production does (`production_id`, NULL on
  the accounts-wide chain); so does its head. A production deleted and a new one given the same
  id (SQLite may reuse the highest id) never share a chain.
- `audit_heads`: the last entry of each chain with a seal (an HMAC under the server secret), so
  entries removed from the END of a chain are noticed too.
"""

from __future__ import annotations

import sqlalchemy as sa

from picturelock.adapters.db.tables import metadata

DIGEST = sa.String(64)  # a SHA-256 or HMAC-SHA256 in hex

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("login", sa.String(), nullable=False, unique=True),
    sa.Column("email", sa.String()),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("password_hash", sa.String(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_digest", DIGEST, primary_key=True),
    sa.Column("account_id", sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("client_address", sa.String()),
)

memberships = sa.Table(
    "memberships",
    metadata,
    sa.Column("account_id", sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "production_id", sa.ForeignKey("productions.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
    sa.Column("role", sa.String(40), nullable=False),
    sa.Column("organisation", sa.String()),
    sa.Column("added_by", sa.String()),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
)

audit_entries = sa.Table(
    "audit_entries",
    metadata,
    sa.Column("chain", sa.Integer, primary_key=True),  # the production's id; 0: accounts-wide
    sa.Column("production_id", sa.ForeignKey("productions.id", ondelete="CASCADE"), index=True),
    sa.Column("sequence", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("who", sa.String(), nullable=False),
    sa.Column("production", sa.Integer, nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("previous_hash", DIGEST, nullable=False),
    sa.Column("hash", DIGEST, nullable=False),
)

audit_heads = sa.Table(
    "audit_heads",
    metadata,
    sa.Column("chain", sa.Integer, primary_key=True),
    sa.Column("production_id", sa.ForeignKey("productions.id", ondelete="CASCADE")),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("hash", DIGEST, nullable=False),
    sa.Column("seal", DIGEST, nullable=False),
)

ACCOUNT_TABLES = (audit_heads, audit_entries, memberships, sessions, accounts)
