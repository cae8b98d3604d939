"""A script's announcer text and SSML from the cache: rendered only for a script not seen before.

Every build writes both files of every script; most are the same as last time. Keyed by the
whole script (its repr names every field) and the code of the ``script`` namespace (the
loudspeaker templates and every module that writes them), they are cache entries like the
audio, and the output links them (so the leak scan knows them by inode, too).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.export.broadcast.script import Script
from generator.export.output import Cache

NAMESPACE = "script"


class ScriptTexts:
    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def file(self, variant: str, script: Script, write: Callable[[Script], str]) -> Path:
        """The cached ``variant`` text ("announcer", "ssml") of ``script``, made by ``write``."""
        key = self.cache.key(NAMESPACE, variant, repr(script))
        suffix = ".ssml" if variant == "ssml" else ".txt"
        return self.cache.text(NAMESPACE, key, suffix, lambda: write(script))
