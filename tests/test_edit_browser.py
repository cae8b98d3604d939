"""The form editor in headless Chromium, as an editor uses it: `lantoa edit` on a project copy,
a story created through the form with a person and a photo, a one-field edit of a commented
file, and a refused save with the model's message at its field."""

from __future__ import annotations

import difflib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from generator.edit import decap_dist
from generator.edit.guard import TOKEN_HEADER
from tests.browser import browser
from tests.sitebuild import ROOT, lantoa, project_copy
from tests.test_edit_store import COMMENTED

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("editor"),  # one worker starts the editor and its preview once
    pytest.mark.skipif(decap_dist(ROOT) is None, reason="node_modules/decap-cms: make setup"),
]
MINI = ROOT / "tests" / "fixtures" / "mini"
LOAD = 180_000  # ms: Decap's bundle on a loaded 2-core machine
PREVIEW_WAIT = 300  # s: the preview's first build and a regeneration, on a loaded machine
DOCS_SHOT = ROOT / "docs" / "assets" / "trinh-soan-thao.png"
# The shallowest label of a field: the record's own "title" rather than the source's.
FIND = """([name, deepest]) => {
  const depth = (n) => { let d = 0; while (n) { d++; n = n.parentElement; } return d; };
  // a field shown now: a list's hidden item template (translations' "title") is not it
  const shown = (l) => { const i = document.getElementById(l.htmlFor); return i && i.offsetParent !== null; };
  const labels = [...document.querySelectorAll(`label[for^="${name}-field-"]`)].filter(shown);
  labels.sort((a, b) => deepest ? depth(b) - depth(a) : depth(a) - depth(b));
  return labels.length ? labels[0].htmlFor : null;
}"""


@dataclass
class Editing:
    project: Path
    address: str
    preview: str

    @property
    def content(self) -> Path:
        return self.project / "stories"

    @property
    def base(self) -> str:
        return self.address.split("#", 1)[0]


def _until(what: Callable[[], object], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, message
        time.sleep(0.2)


def _get(url: str, headers: dict[str, str] | None = None) -> str | None:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


@pytest.fixture(scope="module")
def editing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editing]:
    project = project_copy(tmp_path_factory.mktemp("soan-thao") / "du-an", MINI)
    (project / "stories" / "quang-ngai" / "son-tinh" / "ba-lan.yaml").write_text(COMMENTED, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "edit", "--port", "0", "--content", "stories"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        assert "/admin/#token=" in address, process.stderr.read() if process.stderr else ""
        token = address.split("#token=", 1)[1]
        base = address.split("#", 1)[0]
        host = base.split("/")[2]
        headers = {TOKEN_HEADER: token, "Host": host}
        settings = json.loads(_get(base + "config.json", headers) or "{}")
        preview = settings["preview"]
        _until(lambda: _get(preview) is not None, PREVIEW_WAIT, "the preview did not start")
        yield Editing(project, address, preview)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
        assert process.returncode == 0


@pytest.fixture(scope="module")
def page(editing: Editing) -> Iterator[object]:
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page.on("dialog", lambda dialog: dialog.accept())  # "leave this form?" when going to the next
        page.goto(editing.address)
        page.wait_for_selector("text=Câu chuyện", timeout=LOAD)
        yield page


def control(page: object, name: str, deepest: bool = False) -> str:
    return "#" + page.evaluate(FIND, [name, deepest])  # type: ignore[attr-defined]


ID_SHOWN = """(expected) => {
  const label = document.querySelector('label[for^="id-field-"]');
  const input = label && document.getElementById(label.htmlFor);
  return input !== null && input.value === expected && !!document.querySelector('label[for^="title-field-"]');
}"""


def open_entry(page: object, editing: Editing, path: str, record_id: str = "") -> None:
    """Open a record's form (or a new one) and wait until it shows that record, not the last one."""
    # From one form straight to another Decap keeps the first: go by the collection's list.
    go = "(hash) => { window.location.hash = hash; }"
    page.evaluate(go, "#/collections/story")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Bỏ heo đất để đóng BHXH cho cả chồng", timeout=LOAD)  # type: ignore[attr-defined]
    page.evaluate(go, "#/collections/" + path)  # type: ignore[attr-defined]
    try:
        page.wait_for_function(ID_SHOWN, arg=record_id, timeout=LOAD)  # type: ignore[attr-defined]
    except Exception:
        page.screenshot(path=str(editing.project / "loi-mo-ban-ghi.png"))  # type: ignore[attr-defined]
        raise


def publish(page: object) -> None:
    page.click("text=Công bố")  # type: ignore[attr-defined]
    page.click("text=Công bố ngay")  # type: ignore[attr-defined]


def test_a_story_created_through_the_form_lands_where_the_model_says(
    editing: Editing, page: object, tmp_path: Path
) -> None:
    photo = tmp_path / "anh-binh.jpg"
    Image.new("RGB", (640, 480), (40, 110, 170)).save(photo, quality=80)
    open_entry(page, editing, "story/new")
    p = page  # the Playwright page
    p.fill(control(p, "id"), "son-tinh-anh-binh")  # type: ignore[attr-defined]
    p.fill(control(p, "title"), "Người thợ xây có sổ BHXH")  # type: ignore[attr-defined]
    p.click(control(p, "unit"))  # type: ignore[attr-defined]
    p.keyboard.type("Sơn Tịnh")  # type: ignore[attr-defined]
    p.wait_for_selector("text=Sơn Tịnh son-tinh", timeout=LOAD)  # type: ignore[attr-defined]
    p.keyboard.press("Enter")  # type: ignore[attr-defined]
    p.fill(control(p, "date"), "2025-04")  # type: ignore[attr-defined]
    p.click("button:has-text('Thêm người trong câu chuyện')")  # type: ignore[attr-defined]
    p.wait_for_selector("label[for^='name-field-']")  # type: ignore[attr-defined]
    p.fill(control(p, "name", True), "Phạm Văn Bình")  # type: ignore[attr-defined]
    consent = p.locator(control(p, "consent", True))  # type: ignore[attr-defined]
    assert consent.get_attribute("aria-checked") == "false"  # consent off: the name is abbreviated
    p.click(control(p, "gender", True))  # type: ignore[attr-defined]
    p.keyboard.type("nam")  # type: ignore[attr-defined]
    p.keyboard.press("Enter")  # type: ignore[attr-defined]
    p.fill(control(p, "role", True), "thợ xây")  # type: ignore[attr-defined]
    p.fill(control(p, "summary"), "Anh làm thợ xây, tham gia BHXH tự nguyện sau buổi đối thoại ở thôn.")  # type: ignore[attr-defined]
    p.click("[data-slate-editor]")  # type: ignore[attr-defined]
    p.keyboard.type("Anh làm thợ xây ở thôn, mỗi tháng đều đặn đóng BHXH tự nguyện.")  # type: ignore[attr-defined]
    p.click("button:has-text('Thêm ảnh')")  # type: ignore[attr-defined]
    p.click("button:has-text('Chọn một hình')")  # type: ignore[attr-defined]
    p.wait_for_selector("input[type=file]", state="attached", timeout=LOAD)  # type: ignore[attr-defined]
    p.set_input_files("input[type=file]", str(photo))  # type: ignore[attr-defined]
    p.wait_for_selector("text=anh-binh.jpg", timeout=LOAD)  # type: ignore[attr-defined]
    p.click("button:has-text('Lấy những cái đã chọn')")  # type: ignore[attr-defined]
    p.fill(control(p, "alt", True), "Người thợ xây trên công trình")  # type: ignore[attr-defined]
    p.fill(control(p, "publisher"), "Báo Quảng Ngãi")  # type: ignore[attr-defined]
    p.fill(control(p, "title", True), "Thợ xây có sổ BHXH")  # type: ignore[attr-defined]
    p.locator(control(p, "id")).scroll_into_view_if_needed()  # type: ignore[attr-defined]
    shot = DOCS_SHOT if os.environ.get("LANTOA_DOCS_SHOTS") == "1" else tmp_path / "trinh-soan-thao.png"
    p.screenshot(path=str(shot))  # type: ignore[attr-defined]
    publish(p)

    story = editing.content / "quang-ngai" / "son-tinh" / "son-tinh-anh-binh.md"
    _until(story.exists, LOAD / 1000, "the story was not saved")
    text = story.read_text(encoding="utf-8")
    assert "  - name: Phạm Văn Bình\n" in text and "consent" not in text
    assert "  - file: anh-binh.jpg\n" in text
    assert (story.parent / "anh-binh.jpg").is_file()
    check = lantoa(editing.project, "check", "stories")
    assert check.returncode == 0, check.stderr

    url = editing.preview + "noi-dung/cau-chuyen/son-tinh-anh-binh/"
    _until(lambda: "Người thợ xây có sổ BHXH" in (_get(url) or ""), PREVIEW_WAIT, "not on the preview")
    html = _get(url) or ""
    assert "Anh B." in html and "Phạm Văn Bình" not in html


def test_a_one_field_edit_of_a_commented_file_is_a_one_line_diff(editing: Editing, page: object) -> None:
    path = editing.content / "quang-ngai" / "son-tinh" / "ba-lan.yaml"
    before = path.read_text(encoding="utf-8")
    open_entry(page, editing, "story/entries/son-tinh-ba-lan", "son-tinh-ba-lan")
    title = control(page, "title")
    page.wait_for_function(  # type: ignore[attr-defined]
        "(id) => document.querySelector(id) && document.querySelector(id).value !== ''", arg=title
    )
    page.fill(title, "Bà Lan đóng BHXH cho cả nhà")  # type: ignore[attr-defined]
    link = page.get_attribute("#lantoa-xem-truoc", "href")  # type: ignore[attr-defined]
    assert link == editing.preview + "noi-dung/cau-chuyen/son-tinh-ba-lan/"
    publish(page)
    _until(lambda: path.read_text(encoding="utf-8") != before, LOAD / 1000, "the edit was not saved")
    after = path.read_text(encoding="utf-8")
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        "-title: Bà Lan đóng cho cả nhà   # tiêu đề ngắn\n",
        "+title: Bà Lan đóng BHXH cho cả nhà   # tiêu đề ngắn\n",
    ]
    # The save shows on the record's page of the live preview, which the form links to.
    _until(lambda: "Bà Lan đóng BHXH cho cả nhà" in (_get(link) or ""), PREVIEW_WAIT, "not on the preview")


def test_a_save_with_an_error_shows_the_message_at_the_field(editing: Editing, page: object) -> None:
    path = editing.content / "quang-ngai" / "son-tinh" / "ba-lan.yaml"
    before = path.read_text(encoding="utf-8")
    open_entry(page, editing, "story/entries/son-tinh-ba-lan", "son-tinh-ba-lan")
    date = control(page, "date")
    page.wait_for_function(  # type: ignore[attr-defined]
        "(id) => document.querySelector(id) && document.querySelector(id).value !== ''", arg=date
    )
    page.fill(date, "2025-13")  # type: ignore[attr-defined]
    # The policy figures are offered from a list and land where the cursor was.
    title = control(page, "title")
    page.click(title)  # type: ignore[attr-defined]
    page.select_option("#lantoa-so-lieu", "[[ty-le-dong]]")  # type: ignore[attr-defined]
    assert page.input_value(title).endswith("[[ty-le-dong]]")  # type: ignore[attr-defined]
    publish(page)
    at_field = page.wait_for_selector(".lantoa-loi-truong[data-field='date']", timeout=LOAD)  # type: ignore[attr-defined]
    assert "tháng 13 không tồn tại" in at_field.text_content()
    assert "Chưa lưu" in page.text_content("#lantoa-loi")  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == before


def test_a_page_on_another_site_cannot_write(editing: Editing, page: object, tmp_path: Path) -> None:
    """A page from another origin in the same browser, even one that knows the token."""
    from tests.browser import serve

    path = editing.content / "quang-ngai" / "son-tinh" / "son-tinh.yaml"
    before = path.read_text(encoding="utf-8")
    (tmp_path / "index.html").write_text("<!doctype html><title>trang khác</title>", encoding="utf-8")
    token = editing.address.split("#token=", 1)[1]
    body = json.dumps(
        {
            "action": "persistEntry",
            "params": {
                "dataFiles": [
                    {
                        "path": "don-vi/son-tinh.md",
                        "raw": "---\nkind: unit\nid: son-tinh\nname: Bị sửa\n---\n",
                    }
                ],
                "assets": [],
                "options": {},
            },
        }
    )
    attempts = """async ([api, body, token]) => {
      const results = [];
      const tries = [
        {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body},
        {method: "POST", mode: "no-cors", headers: {"Content-Type": "multipart/form-data"}, body},
        {method: "POST", headers: {"Content-Type": "application/json", "X-Lantoa-Token": token}, body},
      ];
      for (const init of tries) {
        try { const r = await fetch(api, init); results.push(r.type + ":" + r.status); }
        catch (e) { results.push("blocked"); }
      }
      return results;
    }"""
    with serve(tmp_path) as other:
        page.goto(other)  # type: ignore[attr-defined]
        results = page.evaluate(attempts, [editing.base.replace("/admin/", "/api/v1"), body, token])  # type: ignore[attr-defined]
    # Refused by the server (foreign Origin, not JSON) or, for the request with a custom header,
    # already by the browser (the preflight gets no CORS answer): never a successful write.
    assert len(results) == 3 and not [r for r in results if r.startswith("basic:")], results
    assert path.read_text(encoding="utf-8") == before


# --- on a phone (390 px) -------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
# Every field of the form shown now lies within the screen's width (none cut off on the right).
FIELDS_ON_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const inputs = [...document.querySelectorAll('label[for]')]
    .map((l) => document.getElementById(l.htmlFor))
    .filter((i) => i && i.offsetParent !== null);
  const off = inputs.filter((i) => {
    const r = i.getBoundingClientRect();
    return r.left < 0 || r.right > width;
  });
  return {count: inputs.length, off: off.map((i) => i.id)};
}"""
ON_SCREEN = """(selector) => {
  const r = document.querySelector(selector).getBoundingClientRect();
  return r.width > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth;
}"""


def test_on_a_phone_the_list_and_the_form_fit_the_screen(
    editing: Editing, page: object, tmp_path: Path
) -> None:
    phone = page.context.browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    try:
        phone.on("dialog", lambda dialog: dialog.accept())
        phone.goto(editing.address)
        phone.wait_for_selector("text=Câu chuyện", timeout=LOAD)
        phone.evaluate("() => { window.location.hash = '#/collections/story'; }")
        phone.wait_for_selector("text=Thêm câu chuyện", timeout=LOAD)  # not Decap's "＋", a blank box here
        assert phone.evaluate(NO_SIDEWAYS)
        phone.screenshot(path=str(tmp_path / "danh-sach-390.png"))
        open_entry(phone, editing, "story/entries/son-tinh-ba-lan", "son-tinh-ba-lan")
        assert phone.evaluate(NO_SIDEWAYS)
        fields = phone.evaluate(FIELDS_ON_SCREEN)
        assert fields["count"] >= 8 and not fields["off"], fields
        assert phone.evaluate(ON_SCREEN, "[class*='-ToolbarSectionMain'] [class*='-PublishedToolbarButton']")
        phone.screenshot(path=str(tmp_path / "bieu-mau-390.png"))
        # A refused save: the message at its field and the panel, both on the screen.
        path = editing.content / "quang-ngai" / "son-tinh" / "ba-lan.yaml"
        before = path.read_text(encoding="utf-8")
        date = control(phone, "date")
        phone.fill(date, "2025-13")
        publish(phone)
        phone.wait_for_selector(".lantoa-loi-truong[data-field='date']", timeout=LOAD)
        assert phone.evaluate(NO_SIDEWAYS)
        assert phone.evaluate(ON_SCREEN, "#lantoa-loi")
        phone.screenshot(path=str(tmp_path / "loi-390.png"))
        assert path.read_text(encoding="utf-8") == before
    finally:
        phone.close()


def test_a_record_sent_for_approval_is_on_the_preview_stamped(editing: Editing, page: object) -> None:
    path = editing.content / "quang-ngai" / "son-tinh" / "ba-lan.yaml"
    page.goto(editing.address)  # type: ignore[attr-defined]  # (the last test left for another site)
    page.wait_for_selector("text=Câu chuyện", timeout=LOAD)  # type: ignore[attr-defined]
    open_entry(page, editing, "story/entries/son-tinh-ba-lan", "son-tinh-ba-lan")
    page.click(control(page, "status"))  # type: ignore[attr-defined]
    page.keyboard.type("Chờ duyệt")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    publish(page)
    _until(lambda: "status: cho-duyet\n" in path.read_text(encoding="utf-8"), LOAD / 1000, "not saved")
    url = editing.preview + "noi-dung/cau-chuyen/son-tinh-ba-lan/"
    stamp = "Chờ duyệt — chỉ có trong bản xem trước"
    _until(lambda: stamp in (_get(url) or ""), PREVIEW_WAIT, "not stamped on the preview")
    check = lantoa(editing.project, "check", "stories")
    assert check.returncode == 0, check.stderr
