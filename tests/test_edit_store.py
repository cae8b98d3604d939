"""The form editor's backend over a content folder: saves through the model, minimal diffs,
placement by the model, references on delete, media checked like images/recordings."""

from __future__ import annotations

import base64
import difflib
import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

from generator.edit.guard import Refused
from generator.edit.store import SaveRefused, Store, read_data

COMMENTED = """\
# Câu chuyện mẫu có chú thích: trình soạn thảo phải giữ nguyên các dòng này.
kind: story
id: son-tinh-ba-lan
title: Bà Lan đóng cho cả nhà   # tiêu đề ngắn
unit: son-tinh
date: 2025-03
people:
  - name: Lê Thị Lan
    born: 1970   # năm sinh theo giấy tờ
    gender: nữ
    consent: true
summary: >-
  Bà Lan bán rau ở chợ huyện, tự đóng BHXH tự nguyện
  từ năm 2020 và vận động con gái cùng tham gia.
body: |
  Bà Lan bán rau ở chợ huyện Sơn Tịnh.

  Bà kể chuyện với cán bộ thu mỗi sáng.
# nguồn: báo địa phương
source: {publisher: "Báo Quảng Ngãi", title: Người bán rau có sổ BHXH}
"""


def form(data: dict) -> str:
    """What the form sends for a record: front matter, then the body."""
    front = {k: v for k, v in data.items() if k != "body"}
    return (
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + data.get("body", "")
    )


def as_form(path: Path) -> dict:
    data = read_data(path.read_text(encoding="utf-8"), path.suffix == ".md")
    assert data is not None
    return {k: (v if not hasattr(v, "isoformat") else v.isoformat()) for k, v in data.items()}


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.fixture
def store(mini_copy: Path) -> Store:
    return Store(mini_copy, str(mini_copy))


@pytest.fixture
def commented(mini_copy: Path) -> Path:
    path = mini_copy / "quang-ngai" / "son-tinh" / "ba-lan.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def png(width: int = 8, height: int = 8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def asset(name: str, content: bytes, section: str = "cau-chuyen") -> dict:
    return {"path": f"{section}/{name}", "content": base64.b64encode(content).decode(), "encoding": "base64"}


def check(content: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", str(content)], capture_output=True, text=True
    )


# --- reading -------------------------------------------------------------------------------------


def test_records_are_listed_by_kind_with_their_id(store: Store) -> None:
    entries = store.entries("cau-chuyen")
    paths = {e["file"]["path"] for e in entries}
    assert "cau-chuyen/son-tinh-chi-g.md" in paths
    unit = store.entry("don-vi/son-tinh.md")
    assert unit["data"].startswith("---\nkind: unit\n") and "id: son-tinh" in unit["data"]


# --- one field, one line -------------------------------------------------------------------------


def test_one_field_edit_of_a_commented_file_is_a_one_line_diff(store: Store, commented: Path) -> None:
    before = commented.read_text(encoding="utf-8")
    data = as_form(commented)
    data["title"] = "Bà Lan đóng BHXH cho cả nhà"
    saved = store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    after = commented.read_text(encoding="utf-8")
    assert saved.path.as_posix() == "quang-ngai/son-tinh/ba-lan.yaml"
    assert changed_lines(before, after) == [
        "-title: Bà Lan đóng cho cả nhà   # tiêu đề ngắn\n",
        "+title: Bà Lan đóng BHXH cho cả nhà   # tiêu đề ngắn\n",
    ]


def test_a_nested_field_and_an_unchanged_save(store: Store, commented: Path) -> None:
    before = commented.read_text(encoding="utf-8")
    data = as_form(commented)
    store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    assert commented.read_text(encoding="utf-8") == before  # saving without a change changes nothing
    data["people"][0]["born"] = 1971
    store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    assert changed_lines(before, commented.read_text(encoding="utf-8")) == [
        "-    born: 1970   # năm sinh theo giấy tờ\n",
        "+    born: 1971   # năm sinh theo giấy tờ\n",
    ]


def test_a_markdown_story_keeps_its_front_matter_when_the_body_changes(store: Store, mini_copy: Path) -> None:
    path = mini_copy / "quang-ngai" / "son-tinh" / "giang.md"
    before = path.read_text(encoding="utf-8")
    data = as_form(path)
    data["body"] = data["body"] + "\n\nNay chị đã vận động được ba hộ hàng xóm."
    store.persist("cau-chuyen/son-tinh-chi-g.md", form(data), [], new_entry=False)
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        "+\n",
        "+Nay chị đã vận động được ba hộ hàng xóm.\n",
    ]


# --- refused with the model's messages -----------------------------------------------------------


def test_a_save_with_errors_is_refused_with_every_message_and_the_file_is_unchanged(
    store: Store, commented: Path
) -> None:
    before = commented.read_text(encoding="utf-8")
    data = as_form(commented)
    data["date"] = "2025-13"
    data["summary"] = "x" * 400
    with pytest.raises(SaveRefused) as refused:
        store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    fields = {p.field: p.message for p in refused.value.problems}
    assert set(fields) >= {"date", "summary"}, fields
    assert "tối đa 300" in fields["summary"]
    assert commented.read_text(encoding="utf-8") == before
    assert not [p for p in commented.parent.iterdir() if p.name.startswith(".lantoa-")]


def test_an_impossible_full_date_is_refused_by_the_model(store: Store, commented: Path) -> None:
    before = commented.read_text(encoding="utf-8")
    data = as_form(commented)
    data["date"] = "2024-13-02"
    with pytest.raises(SaveRefused) as refused:
        store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    assert [p.field for p in refused.value.problems] == ["date"]
    assert "tháng 13 không tồn tại" in refused.value.problems[0].message
    assert commented.read_text(encoding="utf-8") == before


def test_warnings_are_returned_and_the_save_goes_through(store: Store, commented: Path) -> None:
    data = as_form(commented)
    data["body"] = data["summary"] + "\n\nThêm một đoạn."  # the body repeats the summary: a warning
    saved = store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    assert any(w.field == "summary" for w in saved.warnings)
    assert "Thêm một đoạn." in commented.read_text(encoding="utf-8")


# --- where files land ----------------------------------------------------------------------------


def test_a_new_story_lands_where_the_model_says_and_check_passes(store: Store, mini_copy: Path) -> None:
    data = {
        "kind": "story",
        "id": "son-tinh-anh-binh",
        "status": "published",
        "title": "Anh Bình có sổ BHXH",
        "unit": "son-tinh",
        "date": "2025-04",
        "people": [{"name": "Phạm Văn Bình", "consent": False, "gender": "nam"}],
        "summary": "Anh B. làm thợ xây, tham gia BHXH tự nguyện sau buổi đối thoại ở thôn.",
        "source": {"publisher": "Báo Quảng Ngãi", "title": "Thợ xây có sổ BHXH"},
        "body": "Anh B. làm thợ xây ở thôn.",
    }
    # The form proposes its own name; the file goes where the model puts it.
    saved = store.persist("cau-chuyen/son-tinh-anh-binh.md", form(data), [], new_entry=True)
    assert saved.path.as_posix() == "quang-ngai/son-tinh/son-tinh-anh-binh.md"
    text = (mini_copy / saved.path).read_text(encoding="utf-8")
    assert "status:" not in text and "kind: story\nid: son-tinh-anh-binh\ntitle:" in text
    assert check(mini_copy).returncode == 0


def test_a_new_record_with_a_taken_id_is_refused(store: Store) -> None:
    data = {"kind": "unit", "id": "son-tinh", "name": "Sơn Tịnh 2", "type": "huyện", "parent": "quang-ngai"}
    with pytest.raises(SaveRefused) as refused:
        store.persist("don-vi/son-tinh.md", form(data), [], new_entry=True)
    assert refused.value.problems[0].field == "id"


def test_a_new_unit_gets_its_own_folder_in_its_province(store: Store, mini_copy: Path) -> None:
    data = {"kind": "unit", "id": "tinh-khe", "name": "Tịnh Khê", "type": "xã", "parent": "son-tinh"}
    saved = store.persist("don-vi/tinh-khe.md", form(data), [], new_entry=True)
    assert saved.path.as_posix() == "quang-ngai/tinh-khe/tinh-khe.yaml"


def test_a_path_outside_the_editor_folders_is_refused(store: Store) -> None:
    for path in ("../../etc/passwd.md", "cau-chuyen/../../x.md", "/etc/x.md", "khong-co/x.md"):
        with pytest.raises(Refused):
            store.persist(path, form({"kind": "story"}), [], new_entry=True)
        with pytest.raises(Refused):
            store.entry(path) if path.startswith("/") or ".." in path else store.entries(path)


def test_a_record_file_linked_from_outside_is_not_edited(
    store: Store, mini_copy: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "ngoai.yaml"
    outside.write_text("kind: unit\nid: ngoai\nname: Ngoài\ntype: xã\nparent: son-tinh\n", encoding="utf-8")
    (mini_copy / "quang-ngai" / "ngoai.yaml").symlink_to(outside)
    with pytest.raises(Refused):
        store.entry("don-vi/ngoai.md")
    data = {"kind": "unit", "id": "ngoai", "name": "Đổi", "type": "xã", "parent": "son-tinh"}
    with pytest.raises((Refused, SaveRefused)):
        store.persist("don-vi/ngoai.md", form(data), [], new_entry=False)
    assert "Đổi" not in outside.read_text(encoding="utf-8")


# --- deleting ------------------------------------------------------------------------------------


def test_a_unit_still_referenced_cannot_be_deleted(store: Store, mini_copy: Path) -> None:
    with pytest.raises(SaveRefused) as refused:
        store.delete("don-vi/son-tinh.md")
    assert any("son-tinh" in p.message for p in refused.value.problems)
    assert (mini_copy / "quang-ngai" / "son-tinh" / "son-tinh.yaml").is_file()


def test_an_unreferenced_record_is_deleted(store: Store, commented: Path) -> None:
    store.delete("cau-chuyen/son-tinh-ba-lan.md")
    assert not commented.exists()


def test_renaming_away_a_referenced_id_is_refused(store: Store, mini_copy: Path) -> None:
    path = mini_copy / "quang-ngai" / "son-tinh" / "son-tinh.yaml"
    data = as_form(path)
    data["id"] = "son-tinh-moi"
    with pytest.raises(SaveRefused):
        store.persist("don-vi/son-tinh.md", form(data), [], new_entry=False)
    assert path.is_file()


# --- media ---------------------------------------------------------------------------------------


def test_a_picture_goes_to_the_record_folder_and_is_checked(store: Store, commented: Path) -> None:
    data = as_form(commented)
    data["images"] = [{"file": "ba-lan.png", "alt": "Bà Lan bên sạp rau"}]
    saved = store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [asset("ba-lan.png", png())], False)
    assert (commented.parent / "ba-lan.png").is_file()
    assert [p.as_posix() for p in saved.media] == ["quang-ngai/son-tinh/ba-lan.png"]


def test_a_file_that_is_not_a_picture_is_refused(store: Store, commented: Path) -> None:
    data = as_form(commented)
    data["images"] = [{"file": "gia.png", "alt": "ảnh"}]
    with pytest.raises(Refused) as refused:
        store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [asset("gia.png", b"<svg/>")], False)
    assert "không phải tệp ảnh" in refused.value.message
    assert not (commented.parent / "gia.png").exists()


def test_a_picture_with_the_name_of_another_file_is_refused(store: Store, commented: Path) -> None:
    (commented.parent / "trung.png").write_bytes(png(4, 4))
    data = as_form(commented)
    data["images"] = [{"file": "trung.png", "alt": "ảnh"}]
    with pytest.raises(Refused) as refused:
        store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [asset("trung.png", png(9, 9))], False)
    assert refused.value.status == 409
    assert Image.open(commented.parent / "trung.png").size == (4, 4)


@pytest.mark.parametrize(
    "path", ["../../ngoai.png", "/tmp/ngoai.png", "cau-chuyen/a/b/c.png", "don-vi/x.png"]
)
def test_an_upload_outside_the_record_is_refused(store: Store, commented: Path, path: str) -> None:
    data = as_form(commented)
    upload = {"path": path, "content": base64.b64encode(png()).decode(), "encoding": "base64"}
    with pytest.raises(Refused):
        store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [upload], False)


def test_an_upload_of_a_refused_save_is_removed(store: Store, commented: Path) -> None:
    data = as_form(commented)
    data["images"] = [{"file": "moi.png", "alt": ""}]  # alt is required: the save is refused
    with pytest.raises(SaveRefused):
        store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [asset("moi.png", png())], False)
    assert not (commented.parent / "moi.png").exists()


def test_with_approval_required_a_form_save_needs_an_approver(mini_copy: Path, commented: Path) -> None:
    strict = Store(mini_copy, str(mini_copy), approval=True)
    data = as_form(commented)
    data["title"] = "Bà Lan đóng BHXH cho cả nhà"
    with pytest.raises(SaveRefused) as refused:
        strict.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    assert any(p.field == "status" and "cần được duyệt" in p.message for p in refused.value.problems)
    data["status"] = "cho-duyet"  # waiting for approval: saved, kept out of every output
    strict.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    data |= {"status": "published", "approved": {"by": "Trần Thị Lan", "date": "2026-12-01"}}
    strict.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    text = commented.read_text(encoding="utf-8")
    assert "status: published\napproved:\n  by: Trần Thị Lan\n  date: 2026-12-01\ntitle:" in text


# --- one validation per save ---------------------------------------------------------------------


def _reported(report: object) -> set[str]:
    return {str(d) for d in report.items}  # type: ignore[attr-defined]


def test_a_save_validates_the_content_once(mini_copy: Path, commented: Path) -> None:
    """Counted, not timed: the content as it was is the last validation while nothing else changed."""
    from generator.model.loading import load_content

    store = Store(mini_copy, str(mini_copy))
    store.prepare()  # `lantoa edit` does it while the editor opens
    assert store.validations == 1
    data = as_form(commented)
    for title in ("Bà Lan đóng BHXH cho cả nhà", "Bà Lan đóng BHXH cho con gái"):
        data["title"] = title
        store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    assert store.validations == 3
    # What it keeps is what `lantoa check` says of the folder now, every check included.
    assert store._known is not None
    assert _reported(store._known[1]) == _reported(load_content(mini_copy, str(mini_copy)).report)
    data["date"] = "2025-13"  # refused: nothing written, what it knew still holds
    with pytest.raises(SaveRefused):
        store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    assert store.validations == 4
    data["date"] = "2025-03"
    data["images"] = [{"file": "moi.png", "alt": "Bà Lan ở chợ"}]  # with an upload
    store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [asset("moi.png", png())], False)
    assert store.validations == 5


def test_a_file_changed_by_hand_is_validated_again_before_a_save(mini_copy: Path, commented: Path) -> None:
    """An error a hand edit made elsewhere is known before the save: it does not refuse it."""
    store = Store(mini_copy, str(mini_copy))
    store.prepare()
    other = mini_copy / "quang-ngai" / "son-tinh" / "huy.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("date: 2025-05\n", "date: 2025-13\n"))
    data = as_form(commented)
    data["title"] = "Bà Lan đóng BHXH cho cả nhà"
    store.persist("cau-chuyen/son-tinh-ba-lan.md", form(data), [], new_entry=False)
    assert store.validations == 3  # the hand edit made the first one stale
    assert "Bà Lan đóng BHXH cho cả nhà" in commented.read_text(encoding="utf-8")


def test_a_delete_validates_the_content_once(mini_copy: Path, commented: Path) -> None:
    store = Store(mini_copy, str(mini_copy))
    store.prepare()
    store.delete("cau-chuyen/son-tinh-ba-lan.md")
    assert store.validations == 2 and not commented.exists()
    with pytest.raises(SaveRefused):
        store.delete("don-vi/son-tinh.md")  # still referenced
    assert store.validations == 3
