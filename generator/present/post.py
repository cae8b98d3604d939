"""One composed post (``posts.compose``): a value on its own, so that ``Views`` can hold the
posts of a build without importing ``posts.py`` (which reads the views)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Post:
    variant: str
    template: str
    text: str
    limit: int
    rendered_length: int  # before shortening
    cut_fields: tuple[str, ...] = ()

    @property
    def shortened(self) -> bool:
        return self.rendered_length > self.limit


Posts = dict[str, Post]  # variant ("facebook", "zalo") → its post
