"""Loaded by every Python process of an app server started with this folder on PYTHONPATH
(tests/browser/test_no_outbound.py): writes each attempt to reach a host other than this machine
to the file named by PIA_AUDIT_FILE. Python's audit hooks see every socket connect and name lookup,
whichever library makes it."""

import ipaddress
import os
import sys

_OUT = os.environ.get("PIA_AUDIT_FILE")
_LOCAL_NAMES = {"localhost", "", None}


def _is_local(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event == "socket.getaddrinfo":
        host = args[0]
    elif event == "socket.connect":
        address = args[1]
        if not isinstance(address, tuple):
            return  # a unix socket
        host = address[0]
    else:
        return
    if not _is_local(host) and _OUT:
        with open(_OUT, "a", encoding="utf-8") as out:
            out.write(f"{event} {host!r}\n")


if _OUT:
    sys.addaudithook(_hook)
