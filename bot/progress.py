"""A progress bar on stderr for long runs; silent when switched off."""

from __future__ import annotations

import sys

from tqdm import tqdm


class Progress:
    def __init__(self, total: int, label: str, enabled: bool = True) -> None:
        self._bar = tqdm(total=total, desc=label, unit="st", file=sys.stderr, leave=False, disable=not enabled or total == 0)

    def step(self, note: str = "", n: int = 1) -> None:
        if note:
            self._bar.set_postfix_str(note[:40], refresh=False)
        self._bar.update(n)

    def close(self) -> None:
        self._bar.close()
