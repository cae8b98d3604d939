"""The editor's HTTP server: Decap's page and bundle, its generated configuration, and the
``proxy`` backend protocol (what ``decap-server`` speaks in its file-system mode) over the
content folder, every write through ``Store``.

GET serves the page and the Decap bundle (from node_modules, never a CDN) to a request
whose ``Host`` is ours; everything else needs the session token too (guard.py).
"""

from __future__ import annotations

import functools
import gzip
import json
import mimetypes
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generator.edit.guard import MAX_BODY_BYTES, Guard, Refused
from generator.edit.store import SaveRefused, Store

ADMIN = Path(__file__).parent / "admin"
API = "/api/v1"


@dataclass
class Site:
    """What the handler serves: set once when the server starts."""

    store: Store
    guard: Guard
    decap_dist: Path  # node_modules/decap-cms/dist
    config: Callable[[], dict]  # the generated Decap configuration
    extras: Callable[[], dict]  # placeholders and the preview's address, for the page's own script


class Handler(BaseHTTPRequestHandler):
    site: Site  # set on the subclass the server makes
    server_version = "lantoa-edit"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows saves, not every bundle request

    # --- GET -------------------------------------------------------------------------------
    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        try:
            if path in ("/", "/admin"):
                self._redirect("/admin/")
            elif path == "/admin/":
                self.site.guard.check(self.headers, needs_token=False, write=False)
                self._file(ADMIN / "index.html")
            elif path == "/admin/lantoa.js":
                self.site.guard.check(self.headers, needs_token=False, write=False)
                self._file(ADMIN / "lantoa.js")
            elif path.startswith("/admin/decap/"):
                self.site.guard.check(self.headers, needs_token=False, write=False)
                self._decap(path.removeprefix("/admin/decap/"))
            elif path == "/admin/config.json":
                self.site.guard.check(self.headers, needs_token=True, write=False)
                self._json(HTTPStatus.OK, {"config": self.site.config(), **self.site.extras()})
            else:
                self._json(HTTPStatus.NOT_FOUND, {"error": "không có trang này"})
        except Refused as refused:
            self._json(refused.status, {"error": refused.message})

    def _redirect(self, where: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _decap(self, name: str) -> None:
        """A file of Decap's bundle: a plain name in its dist folder, nothing else."""
        if "/" in name or name.startswith(".") or not name:
            raise Refused(404, "không có tệp này")
        path = self.site.decap_dist / name
        if not path.is_file():
            raise Refused(404, "không có tệp này")
        self._file(path, cache=True, compress=True)

    def _file(self, path: Path, cache: bool = False, compress: bool = False) -> None:
        body = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".js":
            kind = "text/javascript"
        gzipped = compress and "gzip" in (self.headers.get("Accept-Encoding") or "")
        if gzipped:
            body = _gzipped(path)
        self.send_response(HTTPStatus.OK)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self._safety_headers()
        self.end_headers()
        self.wfile.write(body)

    def _safety_headers(self) -> None:
        self.send_header("X-Frame-Options", "DENY")  # no other page frames the editor (clickjacking)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")

    def _json(self, status: int, value: Any) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self._safety_headers()
        self.end_headers()
        self.wfile.write(body)

    # --- POST ------------------------------------------------------------------------------
    def do_POST(self) -> None:
        try:
            if self.path.split("?", 1)[0] != API:
                raise Refused(404, "không có trang này")
            self.site.guard.check(self.headers, needs_token=True, write=True)
            request = self._body()
            self._json(HTTPStatus.OK, self._action(request))
        except Refused as refused:
            self._json(refused.status, {"error": refused.message})
        except SaveRefused as refused:
            problems = [
                {"field": d.field, "line": d.line, "message": d.message, "path": d.path}
                for d in refused.problems
            ]
            listed = "\n".join(f"{d.field}: {d.message}" for d in refused.problems)
            message = f"Chưa lưu: bản ghi còn {len(problems)} lỗi.\n{listed}"
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": message, "problems": problems})
        except Exception as exc:  # a bug of ours: said in the form, the file left as it was
            traceback.print_exc(file=sys.stderr)
            self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"lỗi trong lantoa edit, chưa lưu: {exc}"})

    def _body(self) -> dict:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise Refused(411, "thiếu Content-Length")
        if int(length) > MAX_BODY_BYTES:
            raise Refused(413, f"nội dung gửi lên quá lớn (tối đa {MAX_BODY_BYTES // 1024 // 1024} MB)")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise Refused(415, "nội dung gửi lên phải là JSON")
        raw = self.rfile.read(int(length))
        try:
            request = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise Refused(400, "nội dung gửi lên không phải JSON hợp lệ") from None
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            raise Refused(400, "thiếu action")
        return request

    def _action(self, request: dict) -> Any:
        store = self.site.store
        action = request["action"]
        params = request.get("params") or {}
        if not isinstance(params, dict):
            raise Refused(400, "params phải là nhóm khóa: giá trị")
        if action == "info":
            return {"repo": store.root.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            return store.entries(str(params.get("folder") or ""))
        if action == "entriesByFiles":
            files = params.get("files") or []
            return [store.entry(str(f.get("path"))) for f in files if isinstance(f, dict)]
        if action == "getEntry":
            return store.entry(str(params.get("path") or ""))
        if action == "persistEntry":
            return self._persist(params)
        if action == "getMedia":
            return []  # pictures belong to their record: the form shows each record's own
        if action == "getMediaFile":
            return store.media_file(str(params.get("path") or ""))
        if action == "persistMedia":
            raise Refused(
                422,
                "hãy thêm ảnh trong trường Ảnh của bản ghi: ảnh được lưu cùng bản ghi, vào thư mục của nó",
            )
        if action == "deleteFile":
            return self._delete([params.get("path")])
        if action == "deleteFiles":
            return self._delete(params.get("paths") or [])
        if action == "getDeployPreview":
            return None
        raise Refused(422, f"không hỗ trợ thao tác {action}")

    def _persist(self, params: dict) -> dict:
        files = params.get("dataFiles") or (
            [params["entry"]] if isinstance(params.get("entry"), dict) else []
        )
        if len(files) != 1 or not isinstance(files[0], dict):
            raise Refused(400, "mỗi lần lưu một bản ghi")
        data_file = files[0]
        options = params.get("options") or {}
        assets = [a for a in params.get("assets") or [] if isinstance(a, dict)]
        saved = self.site.store.persist(
            str(data_file.get("path") or ""),
            str(data_file.get("raw") or ""),
            assets,
            new_entry=bool(options.get("newEntry")) if isinstance(options, dict) else False,
        )
        shown = f"{self.site.store.shown_root}/{saved.path.as_posix()}"
        print(f"Đã lưu {shown}.", file=sys.stderr)
        for warning in saved.warnings:
            print(warning, file=sys.stderr)
        return {
            "message": f"đã lưu {shown}",
            "path": saved.path.as_posix(),
            "warnings": [{"field": d.field, "message": d.message, "line": d.line} for d in saved.warnings],
        }

    def _delete(self, paths: list) -> dict:
        removed = []
        for path in paths:
            if not isinstance(path, str):
                raise Refused(400, "đường dẫn không hợp lệ")
            if not path.endswith(".md"):
                continue  # a picture stays: a record may still name it, and nothing is lost by keeping it
            removed.append(self.site.store.delete(path).as_posix())
            print(f"Đã xóa {self.site.store.shown_root}/{removed[-1]}.", file=sys.stderr)
        return {"message": f"đã xóa {', '.join(removed)}"}


@functools.cache
def _gzipped(path: Path) -> bytes:
    """Decap's bundle compressed once per session (5 MB of JavaScript is 1.5 MB gzipped)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class EditorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(site: Site, host: str, port: int) -> EditorServer:
    handler = type("BoundHandler", (Handler,), {"site": site})
    return EditorServer((host, port), handler)


def start_server(
    store: Store, dist: Path, host: str, port: int, preview_url: str | None = None
) -> tuple[EditorServer, Guard]:
    """The editor's server bound to ``host:port`` (0: any free port), with a new session token;
    the caller runs ``serve_forever``."""
    from generator.edit import decap
    from generator.edit.guard import new_token
    from generator.edit.placeholders import placeholder_list

    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    guard = Guard(new_token(), 0, {"127.0.0.1", "localhost", "::1", shown})
    site = Site(
        store=store,
        guard=guard,
        decap_dist=dist,
        config=lambda: decap.config(preview_url),
        extras=lambda: {"placeholders": placeholder_list(), "preview": preview_url},
    )
    server = make_server(site, host, port)
    guard.port = server.server_address[1]
    bundle = dist / "decap-cms.js"
    threading.Thread(target=_gzipped, args=(bundle,), name="nen-decap", daemon=True).start()
    return server, guard
