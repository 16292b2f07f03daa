"""Serve: the embedded store as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1.

The server is Oxigraph's own (``oxigraph serve-read-only``, from the ``oxigraph`` package), run on
the store folder. A read-only opener takes no lock, so a writer can keep ingesting meanwhile; it sees
the store as it was when it opened, so :class:`ReadOnlyServer` reopens it (a restart of well under a
second) when the store folder has changed.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from dipgraph.errors import StoreError
from dipgraph.push import STATE_DIR
from dipgraph.store import GraphStore

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
STARTUP_SECONDS = 15.0


def oxigraph_executable() -> str:
    """The ``oxigraph`` command installed beside this Python (or on the PATH)."""
    folders = [str(Path(sys.executable).parent), sysconfig.get_path("scripts"), os.environ.get("PATH", "")]
    found = shutil.which("oxigraph", path=os.pathsep.join(folders))
    if not found:
        raise StoreError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def store_signature(path: Path) -> tuple:
    """What changes whenever a writer commits to the store folder (its files' names, sizes and times)."""
    items = []
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.name in (STATE_DIR, "LOCK") or not entry.is_file(follow_symlinks=False):
                    continue
                stat = entry.stat(follow_symlinks=False)
                items.append((entry.name, stat.st_size, stat.st_mtime_ns))
    except OSError:
        return ()
    return tuple(sorted(items))


class ReadOnlyServer:
    """``oxigraph serve-read-only`` on a store folder, bound to 127.0.0.1:``port``."""

    def __init__(self, store_path: Path | str, port: int = DEFAULT_PORT):
        self.store_path = Path(store_path)
        GraphStore(self.store_path, read_only=True).close()  # a clear error when there is no store
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.signature: tuple = ()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/query"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> ReadOnlyServer:
        self.signature = store_signature(self.store_path)
        command = [oxigraph_executable(), "serve-read-only", "--location", str(self.store_path),
                   "--bind", f"{HOST}:{self.port}"]
        # its messages go to a file, not a pipe nobody reads while it runs (a full pipe would block it)
        self._log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                raise StoreError(f"the SPARQL server could not serve {self.store_path} on {HOST}:{self.port}: "
                                 f"{self._error_line()}")
            # the port alone proves nothing (another program may hold it): wait for the server's word
            if b"Listening for requests" in self._log_text():
                return self
            time.sleep(0.02)
        self.stop()
        raise StoreError(f"the SPARQL server on {HOST}:{self.port} did not start within {STARTUP_SECONDS:.0f} s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        self._log.close()

    def _log_text(self) -> bytes:
        # pread leaves the file offset, which the server's own writes share, where it is
        return os.pread(self._log.fileno(), 1 << 16, 0)

    def _error_line(self) -> str:
        lines = self._log_text().decode("utf-8", "replace").splitlines()
        self._log.close()
        errors = [line for line in lines if line.startswith("Error")]
        return (errors or [line for line in lines if line.strip()] or ["it stopped at once"])[0]

    def refresh(self) -> bool:
        """Reopen the store when a writer changed it; True when the server was restarted."""
        if store_signature(self.store_path) == self.signature:
            return False
        self.stop()
        for attempt in range(3):
            try:
                self.start()
                return True
            except StoreError:
                # a writer's compaction can remove a file between listing and opening it: try again
                if attempt == 2:
                    raise
                time.sleep(0.2)
        return True

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __enter__(self) -> ReadOnlyServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
