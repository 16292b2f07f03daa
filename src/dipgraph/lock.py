"""One writer per store: a pid lock file beside Oxigraph's own ``LOCK``, waited on for a while.

Oxigraph refuses a second read-write opener at once and without saying who holds the store. The
lock file is taken first with ``flock``, which the kernel releases when its holder exits, however it
exits (even on SIGKILL), so a crashed writer never leaves a stale lock. The file holds the holder's
pid so the next writer can say who it is waiting for. It is never deleted: deleting a lock file
lets two processes lock two different files under the same name.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on POSIX: Oxigraph's own LOCK still keeps writers apart
    fcntl = None

from dipgraph.errors import StoreLockedError

LOCK_FILE = "dipgraph-writer.pid"
"""The pid lock file's name inside the store folder."""

_POLL = 0.1


class WriterLock:
    """The right to write to the store in ``folder``; :meth:`acquire` waits up to ``wait`` seconds."""

    def __init__(self, folder: Path, *, wait: float = 0.0):
        self.folder = Path(folder)
        self.wait = max(0.0, wait)
        self._fd: int | None = None

    @property
    def path(self) -> Path:
        return self.folder / LOCK_FILE

    def acquire(self) -> None:
        if fcntl is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_pid(fd)
                    os.close(fd)
                    raise StoreLockedError(in_use_message(self.folder, holder, self.wait)) from None
                time.sleep(min(_POLL, max(0.0, deadline - time.monotonic())))
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing drops the flock
            self._fd = None


def in_use_message(folder: Path, pid: int | None, waited: float) -> str:
    who = f"process {pid}" if pid else "another process"
    return (f"store is in use by {who} ({folder}); waited {waited:g} s: "
            f"try again when it has finished, or wait longer with --wait SECONDS")


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def lock_holder(lock_file: Path) -> int | None:
    """The pid holding a POSIX lock on ``lock_file`` (Linux's /proc/locks), or None when unknown.

    Names the holder of Oxigraph's own LOCK when another program (``oxigraph serve``) has the store.
    """
    try:
        st = lock_file.stat()
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return None
    device = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in lines:
        fields = line.split()
        # "1: POSIX  ADVISORY  WRITE 12345 fd:01:1234567 0 EOF" (blocked waiters carry an extra "->")
        if "->" not in fields and len(fields) >= 6 and fields[5] == device and fields[4].isdigit():
            return int(fields[4])
    return None
