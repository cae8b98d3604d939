"""One build's private folders and its exclusive right to write ``--out``.

Next to the output folder (here ``site/``)::

    .site.lock               flock held by the one build writing into site/ (its pid inside)
    .site.state/             what the next build into site/ reuses (export/site/render.py)
    .site.staging-XXXXXXXX/  private to one running build, removed when it ends
        owner                pid, host and start time; flock held while the build lives
        site/                the new output, exchanged with site/ in one atomic rename
    .site.trash-XXXXXXXX/    a finished build's folder (the old output), deleted in the background

A build killed at any moment (SIGKILL included) leaves ``site/`` as it was, because the
new output replaces it with a single ``renameat2(RENAME_EXCHANGE)``; the staging folder
it leaves behind is removed by the next build into the same out, which can take its
owner lock because the process that held it is gone. Builds into different outs share
nothing writable but the content-addressed cache, whose writes are atomic.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import fcntl
import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.model.diagnostics import BuildError

OWNER = "owner"
PREVIOUS = "previous"  # the old output, moved here when the file system cannot exchange atomically

# Locks this process holds: closed in forked children (leaflet workers), so that a worker
# outliving a killed build never keeps its out locked. Closing a duplicate does not unlock.
_held: set[int] = set()


def _close_inherited_locks() -> None:
    for fd in list(_held):
        with suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


class BuildBusy(BuildError):
    """Another build is writing into the same --out."""


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def state_path(out: Path) -> Path:
    out = _absolute(out)
    return out.parent / f".{out.name}.state"


# Every record in the state folder (render.json, pagefind.json, leakscan.json, uptodate.json) has
# one format: JSON with the "key" (fingerprint of the inputs) it was made for, then its data.
def read_record(path: Path | None, key: str) -> dict[str, Any] | None:
    """The record at ``path`` if it was made for ``key``; None if absent, unreadable or other."""
    try:
        record = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("key") == key else None


def write_record(path: Path, key: str, **data: Any) -> None:
    """Write it atomically: a build killed meanwhile leaves the old record or none."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"key": key, **data}, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def staging_prefix(out: Path) -> str:
    return f".{out.name}.staging-"


def trash_prefix(out: Path) -> str:
    return f".{out.name}.trash-"


def _discard(root: Path) -> None:
    """Delete a build's folder without making the command wait for it: after a swap it holds
    the old output, tens of thousands of files. Renamed first, so it is no one's staging
    folder any more; a removal cut short is finished by the next build (remove_stale)."""
    trash = root.with_name(root.name.replace(".staging-", ".trash-", 1))
    try:
        root.rename(trash)
    except OSError:
        shutil.rmtree(root, ignore_errors=True)
        return
    # rm runs in the background of a shell that exits at once: no child left for us to reap
    command = ["sh", "-c", 'rm -rf -- "$1" </dev/null >/dev/null 2>&1 &', "lantoa-xoa", os.fspath(trash)]
    try:
        subprocess.run(command, start_new_session=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(trash, ignore_errors=True)


def _try_lock(path: Path) -> int | None:
    """An fd holding an exclusive flock on ``path``, or None if someone else holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    _held.add(fd)
    return fd


def _release(fd: int) -> None:
    _held.discard(fd)
    os.close(fd)  # closing the last descriptor releases the flock


def _write_owner(fd: int) -> None:
    started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid {os.getpid()}\nhost {socket.gethostname()}\nstarted {started}\n".encode(), 0)


def _owner_pid(path: Path) -> str:
    try:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    except OSError:
        return "?"
    return first.removeprefix("pid ").strip() or "?"


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 không có trên hệ thống này")
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a))


def remove_stale(out: Path) -> list[Path]:
    """Remove the staging folders of builds into ``out`` that died; return what was removed.

    Call with the out lock held: then no live build of ours is using any of them, and a
    free owner lock proves it again. A killed non-atomic swap is undone first.
    """
    removed = []
    for folder in sorted(out.parent.glob(f"{trash_prefix(out)}*")):
        shutil.rmtree(folder, ignore_errors=True)
    for folder in sorted(out.parent.glob(f"{staging_prefix(out)}*")):
        if not folder.is_dir() or folder.is_symlink():
            continue
        owner = folder / OWNER
        fd = _try_lock(owner) if owner.exists() else -1
        if fd is None:
            continue  # still owned by a live process
        try:
            previous = folder / PREVIOUS
            if previous.is_dir() and not out.exists():
                previous.rename(out)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            if fd >= 0:
                _release(fd)
    return removed


@dataclass
class Workspace:
    """The private folders of one build into ``out``; ``publish()`` swaps the new output in."""

    out: Path
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def state(self) -> Path:
        """Kept between builds into ``out`` (the pages MkDocs rendered, the search index);
        only the build holding the out lock uses it."""
        return state_path(self.out)

    def publish(self) -> None:
        """Make ``site/`` the output: one atomic exchange, the old output left here to delete."""
        if not self.out.exists():
            self.site.rename(self.out)
            return
        try:
            _exchange(self.site, self.out)
        except OSError as exc:
            if exc.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
                raise
            # No atomic exchange here: two renames. If killed in between, the next build
            # finds out/ missing and puts PREVIOUS back (remove_stale).
            self.out.rename(self.root / PREVIOUS)
            self.site.rename(self.out)


def _absolute(out: Path) -> Path:
    """The same out however it is spelled (site, ./site, /abs/site): one lock for all."""
    return Path(os.path.abspath(out)).parent.resolve() / Path(os.path.abspath(out)).name


@contextmanager
def open_workspace(out: Path, shown: str | None = None) -> Iterator[Workspace]:
    """Lock ``out`` for this build, clean up after dead builds, and give it private folders.

    Raises BuildBusy at once if another build holds the lock. Everything in the workspace
    is removed when the block ends, whether it succeeded or not.
    """
    out = _absolute(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = _try_lock(lock_path(out))
    if lock is None:
        pid = _owner_pid(lock_path(out))
        where = (shown or str(out)).rstrip("/")
        raise BuildBusy(
            f"Một lần dựng khác (tiến trình {pid}) đang ghi vào {where}/; "
            "đợi lần đó xong rồi chạy lại, hoặc dựng vào thư mục khác bằng --out."
        )
    try:
        _write_owner(lock)
        remove_stale(out)
        root = Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent))
        owner = _try_lock(root / OWNER)
        assert owner is not None  # a folder we just made
        try:
            _write_owner(owner)
            workspace = Workspace(out, root)
            workspace.site.mkdir()
            workspace.state.mkdir(exist_ok=True)
            yield workspace
        finally:
            _discard(root)
            _release(owner)
    finally:
        _release(lock)
