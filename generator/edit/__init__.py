"""`lantoa edit`: the form editor beside the live preview.

Decap CMS (its bundle from node_modules, offline) edits the records through forms; its
``proxy`` backend is served here in Python (server.py), so every write goes through the
content model (store.py). The live preview of `lantoa serve` runs in the same process and
watches the content folder, so a save shows on the preview page. The first line on
standard output is the editor's address with its session token.
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
from pathlib import Path

from generator.edit.server import start_server
from generator.edit.store import Store
from generator.model.diagnostics import BuildError
from generator.model.settings import load_settings

DECAP_DIST = Path("node_modules") / "decap-cms" / "dist"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def decap_dist(project_dir: Path) -> Path | None:
    """Decap's bundle, installed by `make` (npm ci) in the project or beside the generator."""
    for base in (project_dir, Path(__file__).resolve().parents[2]):
        folder = base / DECAP_DIST
        if (folder / "decap-cms.js").is_file():
            return folder
    return None


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def edit(
    content_dir: Path,
    port: int,
    host: str = "127.0.0.1",
    preview_port: int | None = None,
    preview: bool = True,
    project_dir: Path = Path("."),
) -> int:
    try:
        settings = load_settings(project_dir)
    except BuildError as exc:
        print(f"lantoa: {exc}", file=sys.stderr)
        return 1
    dist = decap_dist(project_dir)
    if dist is None:
        print("lantoa: chưa cài Decap CMS (node_modules/decap-cms); hãy chạy: make setup", file=sys.stderr)
        return 1
    if not content_dir.is_dir():
        print(f"lantoa: không tìm thấy thư mục nội dung {content_dir}", file=sys.stderr)
        return 2
    store = Store(content_dir, str(content_dir), settings.limits.record_bytes, settings.require_approval)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    preview_url = None
    session = None
    if preview:
        from generator.serve import Session

        preview_port = preview_port or free_port(shown_host)
        session = Session(content_dir, f"{shown_host}:{preview_port}", project_dir)
        preview_url = session.site.server.url

    server, guard = start_server(store, dist, host, port, preview_url)
    # The content as it is, validated while the editor opens: a save then validates only once.
    checking = threading.Thread(target=store.prepare, name="kiem-tra", daemon=True)
    checking.start()

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        for stop in (signal.SIGTERM, signal.SIGINT):  # Ctrl-C even if started with SIGINT ignored
            signal.signal(stop, interrupt)
    preview_thread = None
    if session is not None:
        preview_thread = threading.Thread(target=session.run, name="xem-truoc", daemon=True)
        preview_thread.start()
    address = f"http://{shown_host}:{guard.port}/admin/#token={guard.token}"
    print(address, flush=True)
    print(f"Trình soạn thảo: mở {address} trong trình duyệt.", file=sys.stderr, flush=True)
    if host not in LOOPBACK:
        print(
            f"cảnh báo: trình soạn thảo nghe trên {host}, máy khác trong mạng cũng kết nối được "
            "(vẫn cần mã phiên)",
            file=sys.stderr,
        )
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if session is not None:
            session.stop()
        if preview_thread is not None:
            preview_thread.join(timeout=30)
        # a validation still running when the interpreter exits can abort it (pydantic's core
        # is Rust, and a daemon thread inside it at shutdown panics): let it finish first
        checking.join(timeout=60)
        print("Đã dừng trình soạn thảo.", file=sys.stderr, flush=True)
    return 0
