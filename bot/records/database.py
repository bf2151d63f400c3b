"""The one SQLite file Sofia keeps everything in, and the only connection to it.

The people's data (store.py), cases, the outbox, the inbox and the documents staff added each keep
their own tables here and reach them through ``query`` and ``transaction``. It is safe to share
between threads: one connection guarded by a lock, in WAL mode. Deleted rows are overwritten with
zeros, and ``checkpoint`` empties the write-ahead log, so erased text does not linger in the files.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path


class Database:
    """One SQLite file, one connection, one lock; the tables are the modules' own."""

    def __init__(self, path: Path | str, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=5000")
        # Deleted rows are overwritten with zeros, so erased text does not linger in free pages.
        self._db.execute("PRAGMA secure_delete=ON")

    def checkpoint(self) -> None:
        """Move the write-ahead log into the database and empty it: after an erasure the WAL file
        must not keep old copies of the erased pages."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add_schema(self, sql: str) -> None:
        """Create the tables another module keeps in this database (``CREATE ... IF NOT EXISTS``)."""
        with self._lock:
            self._db.executescript(sql)

    def query(self, fn: Callable[[sqlite3.Connection], object]) -> object:
        """Run the reads in ``fn`` under the lock (for modules keeping their own tables here)."""
        return self._read(fn)

    def transaction(self, fn: Callable[[sqlite3.Connection], object]) -> object:
        """Run the writes in ``fn`` in one transaction: all of them happen, or none."""
        return self._run(fn)

    def _read(self, fn: Callable[[sqlite3.Connection], object]) -> object:
        """Run the query ``fn`` under the lock."""
        with self._lock:
            return fn(self._db)

    def _run(self, fn: Callable[[sqlite3.Connection], object]) -> object:
        """Run the writes in ``fn`` in one transaction under the lock."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = fn(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return result

    def now(self) -> float:
        """The database's clock (unix time)."""
        return self._clock()
