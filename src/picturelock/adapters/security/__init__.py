"""Accounts' doors: argon2 password hashes, session and CSRF tokens, the sign-in rate limiter.

No database and no web framework here: the API stores what these return (hashes, token digests)
and asks them before letting anyone in. Who may do what once in is `picturelock.domain.access`.
"""
