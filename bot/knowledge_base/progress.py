"""A progress bar on stderr for long runs; silent when switched off."""

from __future__ import annotations

import sys


def announce(text: str) -> None:
    """One line on stderr saying what is about to take a while, so a waiting person knows why."""
    print(text, file=sys.stderr, flush=True)


class Progress:
    def __init__(self, total: int, label: str, enabled: bool = True) -> None:
        self._bar = None
        if enabled and total > 0:
            # tqdm is imported only when a bar is drawn: answering a question draws none.
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=label, unit="st", file=sys.stderr, leave=False)

    def step(self, note: str = "", n: int = 1) -> None:
        if self._bar is None:
            return
        if note:
            self._bar.set_postfix_str(note[:40], refresh=False)
        self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
