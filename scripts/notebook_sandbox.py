"""Runs inside each example notebook's kernel before its first cell.

It installs one audit hook (PEP 578) that does two jobs:

* **Offline:** a connection or name lookup for any host but this machine
  raises ``PermissionError`` with an explanation, so a notebook that
  downloads data fails at the cell that tried. urllib, requests, httpx,
  pandas and scikit-learn's ``fetch_*`` all go through Python's socket
  module and are caught; loopback stays allowed (Dask's local cluster uses it).
* **Inputs:** every file the kernel opens inside its working directory is
  appended to the trace file named by ``HANDBOOK_TRACE``. The runner turns
  that list into the notebook's cache key: a change to a helper module or
  data file the notebook read runs it again; other changes do not.

Audit hooks cannot be removed, so the notebook cannot switch this off by
accident. The runner executes this file with runpy, so none of its names
leak into the notebook's namespace.
"""

import os
import sys


def _install(workdir: str, trace_path: str) -> None:
    import socket

    loopback = {None, "", "localhost", "::1", b"localhost"}
    trace = open(trace_path, "a", encoding="utf-8", buffering=1)  # opened before the hook exists
    prefix = os.path.join(os.path.realpath(workdir), "")

    def is_local(host) -> bool:
        if isinstance(host, bytes):
            host = host.decode(errors="replace")
        return host in loopback or str(host).startswith("127.")

    def refuse(host, port) -> None:
        raise PermissionError(
            f"network access is disabled while the handbook's notebooks run (tried to reach {host}:{port}). "
            "Use data that ships with a package, generate it, or commit a small file under examples/data/ "
            "with its source and license."
        )

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path = args[0]
            if isinstance(path, int):
                return
            path = os.path.realpath(os.fsdecode(path))
            if path.startswith(prefix):
                trace.write(path[len(prefix) :] + "\n")
        elif event == "sqlite3.connect":
            database = args[0]
            if isinstance(database, (str, bytes, os.PathLike)):
                path = os.path.realpath(os.fsdecode(database))
                if path.startswith(prefix):
                    trace.write(path[len(prefix) :] + "\n")
        elif event == "socket.getaddrinfo":
            if not is_local(args[0]):
                refuse(args[0], args[1])
        elif event in ("socket.gethostbyname", "socket.gethostbyname_ex"):
            if not is_local(args[0]):
                refuse(args[0], "")
        elif event in ("socket.connect", "socket.sendto"):
            sock, address = args[0], args[1]
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_local(address[0]):
                refuse(address[0], address[1])

    sys.addaudithook(hook)


_install(os.environ["HANDBOOK_SANDBOX_DIR"], os.environ["HANDBOOK_TRACE"])
