"""The address phones will use: what the QR code, the poster and the projector encode.

In order: PUBLIC_URL when set (the venue's name or LAN address, or a proxy's https URL); else,
when the server listens on every interface (HOST=0.0.0.0), this machine's LAN address (the first
non-loopback IPv4 address of an interface that is up); else HOST:PORT. Never the request's Host
header: anyone can send one, and a poster printed from it would send the hall elsewhere.

A loopback address (127.x, localhost) cannot be reached from a phone: `reachable()` says so, and
the poster, the projector's corner and the console show the warning of
templates/_unreachable_qr.html."""
import ipaddress
import socket

from flask import current_app

#: every interface
ANYWHERE = ("0.0.0.0", "::", "")


def lan_address() -> str | None:
    """This machine's first non-loopback IPv4 address on an interface that is up, or None.

    Asks the kernel which source address it would use for a datagram to a private address
    (nothing is sent: a UDP connect only picks a route), then falls back to the addresses the
    host name resolves to."""
    for target in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect((target, 9))
                address = probe.getsockname()[0]
        except OSError:
            continue
        if _usable(address):
            return address
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    return next((info[4][0] for info in infos if _usable(info[4][0])), None)


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local)


def base_url(config=None) -> str:
    """The scheme, host and port phones use, without a trailing slash."""
    config = config if config is not None else current_app.config
    if config.get("PUBLIC_URL"):
        return config["PUBLIC_URL"]
    host, port = config.get("HOST", "127.0.0.1"), config.get("PORT", 5000)
    if host in ANYWHERE:
        detect = config.get("LAN_ADDRESS_DETECTOR") or lan_address
        host = detect() or "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def reachable(url: str) -> bool:
    """Whether a phone on the hall's network could open `url` (not a loopback address)."""
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # a name: the venue's DNS knows it


def hall_line(base: str) -> str:
    """What `python -m live` says of the address phones will use (the QR code encodes it)."""
    if reachable(base):
        return f"Phones in the hall use {base} (the QR code and the poster encode it)."
    return (f"Phones cannot reach {base}: it is this computer only. To serve the hall, start "
            f"with: HOST=0.0.0.0 python -m live   (or set PUBLIC_URL=http://<this-laptop's-"
            f"address>:{base.rsplit(':', 1)[-1]})")
