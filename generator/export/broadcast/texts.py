"""A script's announcer text and SSML from the cache: rendered only for a script not seen before.

Every build writes both files of every script; most are the same as last time. Keyed by the
whole script (its repr names every field), the loudspeaker templates and the generator's
code, they are cache entries like the audio, and the output links them (so the leak scan
knows them by inode, too).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.export.broadcast.script import Script
from generator.export.memo import code
from generator.export.output import Cache
from generator.present.templating import templates_hash

NAMESPACE = "script"


class ScriptTexts:
    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.base = Cache.key(code(), templates_hash("broadcast"))

    def file(self, variant: str, script: Script, write: Callable[[Script], str]) -> Path:
        """The cached ``variant`` text ("announcer", "ssml") of ``script``, made by ``write``."""
        key = Cache.key(self.base, variant, repr(script))
        suffix = ".ssml" if variant == "ssml" else ".txt"
        found = self.cache.get(NAMESPACE, key, suffix)
        if found is not None:
            return found
        text = write(script)
        return self.cache.make(NAMESPACE, key, suffix, lambda tmp: tmp.write_text(text, encoding="utf-8"))
