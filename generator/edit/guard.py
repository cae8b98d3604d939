"""Who may talk to the editor's server, and which files it may touch.

A page on another site open in the same browser can send requests to 127.0.0.1, and a
DNS-rebinding name can make the browser believe such a page is ours. So every API request
must carry the session's token (printed once, kept by the editor page in its own tab), an
``Origin`` (when the browser sends one) and a ``Host`` that are this server's own address,
and every path it names must stay inside the content folder after following symlinks.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

TOKEN_HEADER = "X-Lantoa-Token"
# A story with its photos, base64 in JSON (a third larger): far past any text an editor writes.
MAX_BODY_BYTES = 40 * 1024 * 1024
MAX_MEDIA_BYTES = 25 * 1024 * 1024  # one uploaded picture or recording, decoded


class Refused(Exception):
    """A request the server will not serve: its HTTP status and a Vietnamese reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass
class Guard:
    token: str
    port: int
    hosts: set[str] = field(default_factory=lambda: {"127.0.0.1", "localhost"})

    def own_host(self, host_header: str | None) -> bool:
        """``Host`` names this server: a DNS-rebinding name (evil.example → 127.0.0.1) does not."""
        if not host_header:
            return False
        host, _, port = host_header.strip().lower().rpartition(":")
        if not host:  # no port given: the browser only leaves it out for port 80
            host, port = port, "80"
        host = host.strip("[]")
        return host in self.hosts and port == str(self.port)

    def own_origin(self, origin: str | None) -> bool:
        if origin is None:
            return True  # same-origin GETs carry none; writes are POSTs, which always do
        parts = urlsplit(origin)
        return parts.scheme == "http" and self.own_host(parts.netloc)

    def check(self, headers: object, *, needs_token: bool, write: bool) -> None:
        """Raise Refused unless the request comes from this server's own page."""
        get = headers.get  # type: ignore[attr-defined]
        if not self.own_host(get("Host")):
            raise Refused(421, "địa chỉ (Host) không phải của trình soạn thảo này")
        origin = get("Origin")
        if write and origin is None:
            raise Refused(403, "yêu cầu ghi thiếu Origin")
        if not self.own_origin(origin):
            raise Refused(403, f"yêu cầu từ trang khác ({origin}) bị từ chối")
        if needs_token:
            given = get(TOKEN_HEADER) or ""
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                raise Refused(401, "thiếu hoặc sai mã phiên; hãy mở lại địa chỉ lantoa edit in ra")


def contained(root: Path, relative: str) -> Path:
    """``root / relative`` if it stays inside root after following symlinks; else Refused."""
    if not isinstance(relative, str) or not relative or "\x00" in relative or "\\" in relative:
        raise Refused(400, f"đường dẫn không hợp lệ: {relative!r}")
    posix = PurePosixPath(relative)
    if posix.is_absolute() or relative.startswith("~") or ".." in posix.parts:
        raise Refused(403, f'đường dẫn "{relative}" ra ngoài thư mục nội dung')
    if any(part.startswith(".") for part in posix.parts):
        raise Refused(403, f'đường dẫn "{relative}" trỏ vào tệp hoặc thư mục ẩn')
    path = root / Path(*posix.parts)
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if not (real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)):
        raise Refused(403, f'đường dẫn "{relative}" ra ngoài thư mục nội dung (qua liên kết symlink)')
    return path
