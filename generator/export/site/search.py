"""What Pagefind indexes beyond the visible text: filters and folded spellings.

Pagefind folds most diacritics (``luong huu`` finds "lương hưu") but not đ, which has
no Unicode decomposition, so each page carries a hidden copy of its đ-words spelled
with d. Tone placement (hòa/hoà) folds away with the other marks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from generator.present.views import ModelView, RecordView, StoryView, UnitView

KIND_LABELS = {
    "story": "Câu chuyện",
    "unit": "Địa phương",
    "model": "Mô hình",
    "statistic": "Số liệu",
    "campaign": "Chiến dịch",
}
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Vietnamese → plain ASCII letters: "Đồng bào" → "Dong bao"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_d_words(*texts: str) -> str:
    """Every word containing đ, folded, as often as it occurs (ranking counts them)."""
    return " ".join(fold(w).lower() for text in texts for w in _WORD.findall(text) if "đ" in w.lower())


@dataclass(frozen=True)
class SearchMeta:
    kind: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    folded: str = ""


def search_meta(view: RecordView) -> SearchMeta:
    filters: dict[str, list[str]] = {"Loại": [KIND_LABELS[view.kind]]}
    if view.province:
        filters["Tỉnh"] = [view.province.label]
    texts = [view.title, view.summary, view.place]
    if isinstance(view, StoryView):
        filters["Mô hình"] = [m.label for m in view.models]
        filters["Đối tượng"] = view.audiences
        texts += [view.body_markdown, *(view.tags)]
    elif isinstance(view, ModelView):
        filters["Mô hình"] = [view.name]
        filters["Đối tượng"] = view.audiences
        texts += view.steps + [q + " " + a for q, a in view.doubts]
    elif isinstance(view, UnitView):
        texts += view.aliases
    filters = {k: v for k, v in filters.items() if v}
    return SearchMeta(view.kind, filters, folded_d_words(*texts))
