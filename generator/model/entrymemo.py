"""Results of per-record checks kept with the record's entry while it lives.

The preview keeps the entries of unchanged files between loads (filememo.py), so a check
that reads only its entry (and hashable arguments) runs again only for what an edit
changed; a one-off `lantoa check` or build computes each once, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any
from weakref import WeakKeyDictionary

from generator.model.loader import Entry


def entry_memo[T](check: Callable[..., T]) -> Callable[..., T]:
    """``check(entry, *args)`` once per entry and arguments (which must be hashable)."""
    results: WeakKeyDictionary[Entry[Any], dict[tuple[Hashable, ...], T]] = WeakKeyDictionary()

    @wraps(check)
    def memoised(entry: Entry[Any], *args: Hashable) -> T:
        known = results.setdefault(entry, {})
        if args not in known:
            if len(known) > 4:  # an argument that changes (a new matcher): keep only the latest
                known.clear()
            known[args] = check(entry, *args)
        return known[args]

    return memoised
