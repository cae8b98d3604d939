"""The one writer of generated pages' front matter (the metadata MkDocs hands to Material).

Material prints ``page.meta.title`` in <title> and the header, and the description in
<meta>, without escaping; our own overrides print them through ``striptags | e``. So
every value is written here as HTML-escaped text on one line: shown literally by both.
"""

from __future__ import annotations

import yaml

from generator.present.escaping import meta_text


def front_matter(fields: dict[str, str | bool | None]) -> str:
    """``---`` YAML block of the page's metadata; None values are left out."""
    data = {
        key: value if isinstance(value, bool) else meta_text(value)
        for key, value in fields.items()
        if value is not None
    }
    # The C emitter: the Python one took a millisecond a page (20 s at 10,000 stories).
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{text}---\n"
