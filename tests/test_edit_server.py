"""The editor's server refuses what a page on another site, a rebinding name or a stray path
could make it do; `lantoa edit` prints its address first and stops cleanly."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.edit import decap_dist
from generator.edit.guard import MAX_BODY_BYTES, TOKEN_HEADER
from generator.edit.server import start_server
from generator.edit.store import Store
from tests.sitebuild import ROOT

DIST = decap_dist(ROOT)
pytestmark = pytest.mark.skipif(DIST is None, reason="node_modules/decap-cms: make setup")


@dataclass
class Editor:
    port: int
    token: str
    content: Path

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        own: bool = True,
    ) -> tuple[int, dict | bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}"}
        if own:
            sent |= {TOKEN_HEADER: self.token, "Origin": f"http://127.0.0.1:{self.port}"}
        if body is not None:
            sent |= {"Content-Type": "application/json", "Content-Length": str(len(body))}
        sent |= headers or {}
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in sent.items():
            if value is not None:
                connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        raw = response.read()
        connection.close()
        kind = response.getheader("Content-Type") or ""
        return response.status, json.loads(raw) if kind.startswith("application/json") else raw

    def api(self, action: str, params: dict, **kwargs: object) -> tuple[int, dict | bytes]:
        body = json.dumps({"action": action, "params": params}).encode()
        return self.request("POST", "/api/v1", body, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def editor(mini_copy: Path) -> Iterator[Editor]:
    assert DIST is not None
    server, guard = start_server(Store(mini_copy, str(mini_copy)), DIST, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Editor(guard.port, guard.token, mini_copy)
    finally:
        server.shutdown()
        server.server_close()


UNIT = "quang-ngai/son-tinh/son-tinh.yaml"
WRITE = {
    "dataFiles": [
        {
            "path": "don-vi/son-tinh.md",
            "raw": "---\nkind: unit\nid: son-tinh\nname: Bị sửa\ntype: huyện\nparent: quang-ngai\n---\n",
        }
    ],
    "assets": [],
    "options": {},
}


def test_the_editor_reads_and_writes_with_its_token(editor: Editor) -> None:
    status, body = editor.api("entriesByFolder", {"folder": "don-vi", "extension": "md", "depth": 1})
    assert status == 200 and any(e["file"]["path"] == "don-vi/son-tinh.md" for e in body)  # type: ignore[union-attr]
    status, body = editor.api("persistEntry", WRITE)
    assert status == 200, body
    status, settings = editor.request("GET", "/admin/config.json")
    assert status == 200 and settings["config"]["locale"] == "vi"  # type: ignore[index]
    offered = {p["text"] for p in settings["placeholders"]}  # type: ignore[index]
    assert {"[[ty-le-dong]]", "[[muc-dong-thap-nhat:ho-ngheo]]", "[[can-cu:ty-le-dong]]"} <= offered
    assert "name: Bị sửa" in (editor.content / UNIT).read_text(encoding="utf-8")


@pytest.mark.parametrize("token", [None, "", "sai-ma-phien"])
def test_a_request_without_the_token_is_refused(editor: Editor, token: str | None) -> None:
    before = (editor.content / UNIT).read_text(encoding="utf-8")
    status, body = editor.api("persistEntry", WRITE, headers={TOKEN_HEADER: token})
    assert status == 401 and "mã phiên" in body["error"]  # type: ignore[index]
    status, _ = editor.api("entriesByFolder", {"folder": "don-vi"}, headers={TOKEN_HEADER: token})
    assert status == 401
    status, _ = editor.request("GET", "/admin/config.json", headers={TOKEN_HEADER: token})
    assert status == 401
    assert (editor.content / UNIT).read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "http://127.0.0.1:1", "null", "https://127.0.0.1", None]
)
def test_a_write_from_another_origin_is_refused(editor: Editor, origin: str | None) -> None:
    before = (editor.content / UNIT).read_text(encoding="utf-8")
    status, body = editor.api("persistEntry", WRITE, headers={"Origin": origin})
    assert status == 403, body
    assert (editor.content / UNIT).read_text(encoding="utf-8") == before


def test_a_rebinding_host_is_refused_even_with_the_token(editor: Editor) -> None:
    """evil.example resolving to 127.0.0.1 makes the browser send its own name as Host."""
    before = (editor.content / UNIT).read_text(encoding="utf-8")
    host = f"evil.example:{editor.port}"
    status, _ = editor.api("persistEntry", WRITE, headers={"Host": host, "Origin": f"http://{host}"})
    assert status == 421
    status, _ = editor.request("GET", "/admin/", headers={"Host": host})
    assert status == 421
    status, _ = editor.request("GET", "/admin/config.json", headers={"Host": host})
    assert status == 421
    assert (editor.content / UNIT).read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "action, params",
    [
        ("getEntry", {"path": "../../../etc/passwd"}),
        ("getEntry", {"path": "/etc/passwd"}),
        ("entriesByFolder", {"folder": "../.."}),
        ("getMediaFile", {"path": "cau-chuyen/../../../../etc/hostname"}),
        ("deleteFile", {"path": "../mkdocs.md"}),
        ("persistEntry", {**WRITE, "dataFiles": [{**WRITE["dataFiles"][0], "path": "don-vi/../../x.md"}]}),
    ],
)
def test_a_path_outside_the_content_folder_is_refused(editor: Editor, action: str, params: dict) -> None:
    status, body = editor.api(action, params)
    assert status in (403, 404), body
    assert "error" in body


def test_an_upload_outside_the_folder_is_refused(editor: Editor, tmp_path: Path) -> None:
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (editor.content / "quang-ngai" / "son-tinh" / "lien-ket.png").symlink_to(outside / "anh.png")
    for path in ("../../../ngoai.png", "don-vi/lien-ket.png"):
        params = {**WRITE, "assets": [{"path": path, "content": "iVBORw0KGgo=", "encoding": "base64"}]}
        status, _ = editor.api("persistEntry", params)
        assert status in (403, 409, 400)
    assert not (outside / "anh.png").exists()
    assert not (editor.content.parent / "ngoai.png").exists()


def test_an_oversized_body_is_refused_unread(editor: Editor) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", editor.port, timeout=30)
    connection.putrequest("POST", "/api/v1", skip_host=True)
    for name, value in {
        "Host": f"127.0.0.1:{editor.port}",
        "Origin": f"http://127.0.0.1:{editor.port}",
        TOKEN_HEADER: editor.token,
        "Content-Type": "application/json",
        "Content-Length": str(MAX_BODY_BYTES + 1),
    }.items():
        connection.putheader(name, value)
    connection.endheaders(b"{}")
    response = connection.getresponse()
    assert response.status == 413
    assert "quá lớn" in json.loads(response.read())["error"]
    connection.close()


def test_a_request_that_is_not_json_or_has_no_length_is_refused(editor: Editor) -> None:
    status, _ = editor.request("POST", "/api/v1", b"action=info", headers={"Content-Type": "text/plain"})
    assert status == 415
    status, _ = editor.request("POST", "/api/v1", None)
    assert status == 411


def test_the_bundle_is_served_from_node_modules_and_nothing_else(editor: Editor) -> None:
    status, body = editor.request("GET", "/admin/decap/decap-cms.js", own=False)
    assert status == 200 and len(body) > 1_000_000  # type: ignore[arg-type]
    for path in ("/admin/decap/../../../pyproject.toml", "/admin/decap/%2e%2e%2fpackage.json", "/etc/passwd"):
        status, _ = editor.request("GET", path, own=False)
        assert status == 404


def test_the_page_forbids_framing(editor: Editor) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", editor.port, timeout=30)
    connection.request("GET", "/admin/")
    response = connection.getresponse()
    assert response.getheader("X-Frame-Options") == "DENY"
    response.read()
    connection.close()


def test_lantoa_edit_prints_its_address_first_and_stops_on_sigterm(mini_copy: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "edit",
            "--port",
            "0",
            "--no-preview",
            "--content",
            str(mini_copy),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first.startswith("http://127.0.0.1:") and "/admin/#token=" in first
        port = int(first.split(":")[2].split("/")[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/admin/")
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert "Đã dừng trình soạn thảo." in err
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)


def test_the_bundle_is_sent_gzipped_to_a_browser_that_takes_it(editor: Editor) -> None:
    import gzip

    connection = http.client.HTTPConnection("127.0.0.1", editor.port, timeout=60)
    connection.request("GET", "/admin/decap/decap-cms.js", headers={"Accept-Encoding": "gzip, deflate"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == (DIST / "decap-cms.js").read_bytes()  # type: ignore[operator]
    assert len(body) < 2_000_000
