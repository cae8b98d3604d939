"""Checks that span records: ids, references, province folders, claims, consent."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from generator.model import media
from generator.model.content import NATIONWIDE_FOLDER, Content
from generator.model.dates import LOCAL_TZ
from generator.model.diagnostics import Diagnostic, Report, did_you_mean
from generator.model.entrymemo import entry_memo
from generator.model.figures import claim_mismatches
from generator.model.kinds import KINDS
from generator.model.languages import check_languages
from generator.model.loader import Entry, narrow
from generator.model.plausible import impossible
from generator.model.policy import check_policies
from generator.model.privacy import check_privacy
from generator.model.prose import check_prose
from generator.model.records import Campaign, CoverageTarget, Model, Policy, Record, Statistic, Story, Unit
from generator.model.repetition import summary_repeated
from generator.model.targets import check_targets

# The model's talking-points sheet is built around its doubts: without them it has no questions.
NO_DOUBTS = (
    "mô hình chưa có băn khoăn thường gặp (doubts): tài liệu đối thoại nhóm nhỏ sẽ thiếu phần "
    "hỏi - đáp; hãy ghi lại các câu hỏi người dân hay nêu, kèm câu trả lời"
)
# Page and folder names of the site beside record pages (present/urls.py, kept in step by
# tests/test_containment.py): a record with one of these ids would lose its page or files.
RESERVED_IDS = frozenset(
    {"index", "noi-dung", "media", "may-tinh", *(kind.section for kind in KINDS.values())}
    | {"thong-bao", "to-roi", "loa", "mang-xa-hoi", "lich", "assets", "pagefind", "tim-kiem", "gioi-thieu"}
    | {"tien-do"}  # progress against targets (present/progress.py)
    | {"ngon-ngu"}  # the team's language report, preview only (present/language_report.py)
)

# The second and later pages of a long listing (export/site/paging.py), beside records' pages.
LISTING_PAGE_ID = re.compile(r"trang-[0-9]+")


def validate(content: Content, report: Report) -> None:
    _drop_duplicates(content, report)
    _check_reserved_ids(content, report)
    all_ids: dict[str, dict[str, Entry]] = {kind: {} for kind in KINDS}
    for entry in content.entries:
        all_ids[entry.kind][entry.id] = entry
    for entry in content.entries:
        for field, kind, target in references(entry):
            _check_reference(entry, field, kind, target, all_ids, report)
        _check_files(content.root, entry, report)
        _check_summary_said_once(entry, report)
        for field, message in impossible(entry):
            report.error_at(entry, field, message)
        record = entry.record
        if isinstance(record, Statistic):
            for name, message in claim_mismatches(record):
                report.error_at(entry, f"claims.{name}", message)
        if isinstance(record, Unit):
            _check_unit(entry, record, report)
        if isinstance(record, Model) and record.published and not record.doubts:
            report.warn_at(entry, "doubts", NO_DOUBTS)
    units = {e.id: e for entry in content.entries if (e := narrow(entry, Unit))}
    for entry in content.entries:
        _check_folder(content, entry, units, report)
    _check_codes(content, report)
    check_privacy(content.entries, report)
    check_languages(content.root, content.shown_root, content.entries, report)
    before = len(report.errors)
    check_policies(content.entries, all_ids["unit"], report)
    check_prose(content.root, content.entries, report, policies_valid=len(report.errors) == before)
    check_targets(content, report, dt.datetime.now(LOCAL_TZ).date())


def _drop_duplicates(content: Content, report: Report) -> None:
    first: dict[str, Entry] = {}
    kept = []
    for entry in content.entries:
        if entry.key in first:
            other = first[entry.key]
            report.error(
                entry.shown,
                entry.lines.get("id", 1),
                "id",
                f'mã "{entry.id}" đã dùng cho {KINDS[entry.kind].noun} khác ở {other.shown}'
                f" (dòng {other.lines.get('id', 1)}); mỗi mã chỉ dùng một lần",
            )
        else:
            first[entry.key] = entry
            kept.append(entry)
    content.entries = kept


def _check_reserved_ids(content: Content, report: Report) -> None:
    for entry in content.entries:
        if entry.id in RESERVED_IDS or LISTING_PAGE_ID.fullmatch(entry.id):
            report.error(
                entry.shown,
                entry.lines.get("id", 1),
                "id",
                f'mã "{entry.id}" trùng tên trang hoặc thư mục của trang web; hãy đặt mã khác'
                + ("" if "id" in entry.lines else " (mã lấy từ tên tệp: thêm trường id hoặc đổi tên tệp)"),
            )


def references(entry: Entry) -> Iterator[tuple[str, str, str]]:
    """(field path, kind, id) of every record this one points at."""
    record = entry.record
    if isinstance(record, Unit):
        if record.parent:
            yield "parent", "unit", record.parent
        for i, target in enumerate(record.now_part_of):
            yield f"now_part_of[{i}]", "unit", target
    if isinstance(record, Story | Statistic | Campaign):
        yield "unit", "unit", record.unit
    if isinstance(record, Policy) and record.unit:
        yield "unit", "unit", record.unit
    if isinstance(record, CoverageTarget):
        yield "unit", "unit", record.unit
    if isinstance(record, Story):
        for i, target in enumerate(record.models):
            yield f"models[{i}]", "model", target
    if isinstance(record, Model):
        for i, target in enumerate(record.units):
            yield f"units[{i}]", "unit", target
        for i, target in enumerate(record.results):
            yield f"results[{i}]", "statistic", target
    if isinstance(record, Campaign):
        for i, target in enumerate(record.stories):
            yield f"stories[{i}]", "story", target
        if record.result:
            yield "result", "statistic", record.result


def _check_reference(
    entry: Entry, field: str, kind: str, target: str, ids: dict[str, dict[str, Entry]], report: Report
) -> None:
    found = ids[kind].get(target)
    line = entry.line(field)
    if found is None and {f"{kind}/{target}", f"*/{target}"} & report.unloaded:
        return  # the target exists but has errors of its own, reported there
    if found is None:
        hint = did_you_mean(target, tuple(ids[kind]))
        report.error(entry.shown, line, field, f'không có {KINDS[kind].noun} nào mã "{target}".{hint}')
    elif _hidden_from(entry.record, found.record):
        report.error(
            entry.shown,
            line,
            field,
            f'{KINDS[kind].noun} "{target}" {_unpublished(found.record.status)} ở {found.shown}; '
            "xuất bản nó hoặc bỏ tham chiếu",
        )
    elif entry.record.public and found.record.example:
        report.error(
            entry.shown,
            line,
            field,
            f'{KINDS[kind].noun} "{target}" chỉ là ví dụ minh họa (example: true) ở {found.shown}, '
            "không được công bố; bỏ tham chiếu, hoặc thay bằng số liệu thật và bỏ example: true",
        )


def _hidden_from(record: Record, target: Record) -> bool:
    """The target is not shown where the record is: a published record needs a published one; a
    record waiting for approval (shown in the preview, published once approved) not a draft."""
    if record.published:
        return not target.published
    return record.status == "cho-duyet" and target.status == "draft"


def _unpublished(status: str) -> str:
    return (
        "đang chờ duyệt (status: cho-duyet)" if status == "cho-duyet" else "đang là bản nháp (status: draft)"
    )


def _check_summary_said_once(entry: Entry, report: Report) -> None:
    report.items.extend(_summary_said_once(entry))


@entry_memo
def _summary_said_once(entry: Entry) -> list[Diagnostic]:
    record = entry.record
    if not isinstance(record, Story | Model) or not record.body:
        return []
    own = Report()
    score = summary_repeated(record.summary, record.body)
    if score is not None:
        own.warn_at(
            entry,
            "summary",
            f"đoạn đầu của bài gần như nhắc lại phần tóm tắt (giống {score:.0%}); tóm tắt đã được in "
            "làm lời dẫn ở trang web, tờ rơi và bài đăng, hãy để đoạn đầu kể điều mới",
        )
    return own.items


def _check_files(root: Path, entry: Entry, report: Report) -> None:
    """Images and recordings: inside the content folder, and of a kind we publish."""
    record = entry.record
    images = enumerate(getattr(record, "images", []))
    files = [(f"images[{i}].file", image.file, media.image_problem) for i, image in images]
    recording = getattr(record, "recording", None)
    if recording:
        files.append(("recording.file", recording.file, media.audio_problem))
    for field, name, content_problem in files:
        problem = media.location_problem(root, entry.path, name)
        problem = problem or content_problem(resolve_media(root, entry, name))
        if problem:
            report.error_at(entry, field, problem)


def resolve_media(root: Path, entry: Entry, name: str) -> Path:
    """Media paths are relative to the record's folder (or the content root)."""
    return media.resolve_media(root, entry.path, name)


def _check_unit(entry: Entry, unit: Unit, report: Report) -> None:
    if unit.now_part_of and not unit.valid_until:
        report.warn_at(
            entry,
            "now_part_of",
            "đơn vị đã sáp nhập nên ghi valid_until (ngày thôi tồn tại)",
        )


def _top_unit(unit_id: str, units: dict[str, Entry[Unit]]) -> Entry[Unit] | None:
    seen: set[str] = set()
    current = units.get(unit_id)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        parent = current.record.parent
        if not parent or parent not in units:
            return current
        current = units[parent]
    return None


def _unit_refs(entry: Entry) -> Iterator[tuple[str, str]]:
    if isinstance(entry.record, Unit):
        yield "id", entry.id
    for field, kind, target in references(entry):
        if kind == "unit" and not field.startswith("now_part_of"):
            yield field, target


def _check_folder(content: Content, entry: Entry, units: dict[str, Entry[Unit]], report: Report) -> None:
    folder = entry.folder
    if folder == NATIONWIDE_FOLDER:
        return
    for field, unit_id in _unit_refs(entry):
        if unit_id not in units:
            continue  # already reported as a missing reference
        top = _top_unit(unit_id, units)
        if top is None:
            report.error_at(entry, field, f'đơn vị "{unit_id}" có parent vòng tròn')
            continue
        allowed = {top.id, *top.record.now_part_of}
        if folder not in allowed:
            where = " hoặc ".join(f"stories/{name}/" for name in sorted(allowed))
            report.error_at(
                entry,
                field,
                f'đơn vị "{unit_id}" thuộc {top.record.name}, không thuộc thư mục "{folder or "."}"; '
                f"chuyển tệp vào {where} (hoặc {NATIONWIDE_FOLDER}/ nếu dùng cho nhiều tỉnh)",
            )


def _check_codes(content: Content, report: Report) -> None:
    from generator.model.unitcodes import check_unit_code

    for entry in content.entries:
        if unit := narrow(entry, Unit):
            check_unit_code(unit, report)
