"""What Pagefind records about a page beyond its visible text: filters and result metadata.

Only what the reader sees is indexed: filters and metadata sit in an element marked
``data-pagefind-ignore`` (Pagefind still reads filters and metadata inside it, but
none of its text reaches the index or an excerpt). Spellings are the search page's
job: Pagefind folds diacritics except đ, and docs/assets/search.js tries each d of a
query as d and đ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.present.views import CampaignView, ModelView, RecordView, StatisticView, StoryView


@dataclass(frozen=True)
class SearchMeta:
    kind: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    # shown on the search page under each result's title: kind, place, date
    fields: dict[str, str] = field(default_factory=dict)


def _date(view: RecordView) -> str:
    if isinstance(view, StoryView):
        return view.date
    if isinstance(view, StatisticView) and view.figure:
        return view.figure.when
    if isinstance(view, CampaignView):
        return view.period
    return ""


def search_meta(view: RecordView, provinces: list[str] | None = None) -> SearchMeta:
    """``provinces``: the filter's provinces, today's (default: the record's own province)."""
    filters: dict[str, list[str]] = {"Loại": [view.kind_label]}
    if provinces is not None:
        filters["Tỉnh"] = provinces
    elif view.province:
        filters["Tỉnh"] = [view.province.label]
    if isinstance(view, StoryView):
        filters["Mô hình"] = [m.label for m in view.models]
        filters["Đối tượng"] = view.audiences
    elif isinstance(view, ModelView):
        filters["Mô hình"] = [view.name]
        filters["Đối tượng"] = view.audiences
    filters = {k: v for k, v in filters.items() if v}
    fields = {"kind": view.kind_label, "place": view.place, "date": _date(view)}
    return SearchMeta(view.kind, filters, {k: v for k, v in fields.items() if v})
