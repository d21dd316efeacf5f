"""The unit of work: one transaction around a use case; nothing is kept unless it commits.

    with UnitOfWork(engine, by="maya") as uow:
        production_id = uow.productions.add(plan)
        uow.commit()

Leaving the block without `commit()` (or with an exception) rolls everything back.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

import sqlalchemy as sa

from picturelock.adapters.db.repository import Clock, ProductionRepository, _utc_now


class UnitOfWork:
    """A connection and a transaction on `engine`, with the repositories working inside it."""

    productions: ProductionRepository

    def __init__(self, engine: sa.Engine, *, by: str | None = None, clock: Clock = _utc_now) -> None:
        self._engine = engine
        self._by = by
        self._clock = clock
        self._connection: sa.Connection | None = None
        self._transaction: sa.RootTransaction | None = None

    def __enter__(self) -> Self:
        self._connection = self._engine.connect()
        self._transaction = self._connection.begin()
        self.productions = ProductionRepository(self._connection, by=self._by, clock=self._clock)
        return self

    def commit(self) -> None:
        if self._transaction is None:
            raise RuntimeError("commit() outside the unit of work's `with` block")
        self._transaction.commit()

    def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            self._transaction.rollback()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.rollback()
        if self._connection is not None:
            self._connection.close()
        self._connection = self._transaction = None
