"""The same-origin check of the desk's writes: a POST that records a decision must come from a page this
server served. A browser sends Origin (or at least Referer) with a POST; another site's page, or a page
of a name that merely resolves to this machine (DNS rebinding), carries a host other than the server's."""
from __future__ import annotations

import ipaddress
import urllib.parse

from starlette.requests import Request

from graph.serve.guard import Refused
from graph.serve.http_parts import single_header

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def server_names(host: str, port: int) -> set[str] | None:
    """The host:port values a page of this server carries: the bound address (and the loopback names when it
    is a loopback address); None for a wildcard address (0.0.0.0, ::), where any Host of the request is the
    server's own."""
    bare = host.strip("[]").lower()
    if bare == "localhost":
        return {f"{n}:{port}" for n in LOOPBACK_NAMES}
    try:
        ip = ipaddress.ip_address(bare)
    except ValueError:
        return {f"{bare}:{port}"}
    if ip.is_unspecified:
        return None
    names = {f"[{bare}]:{port}" if ip.version == 6 else f"{bare}:{port}"}
    if ip.is_loopback:
        names |= {f"{n}:{port}" for n in LOOPBACK_NAMES}
    return names


def _netloc(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{host.lower()}:{port}"


def check_same_origin(request: Request, names: set[str] | None) -> None:
    """Refused (403) unless the request's Origin — or, when a browser sent none, its Referer — names this
    server: the host and port of the request's Host header, which must itself be one of `names`."""
    headers = request.scope["headers"]
    host_header = (single_header(headers, b"host") or b"").decode("latin-1").lower()
    host = _netloc("http://" + host_header) if host_header else ""
    origin = single_header(headers, b"origin")
    source = origin if origin is not None else single_header(headers, b"referer")
    claimed = _netloc(source.decode("latin-1")) if source else ""
    if not claimed:
        raise Refused(403, "拒绝：请求未带来源（Origin 或 Referer），只接受本服务器审核台页面提交的审核意见")
    if not host or claimed != host or (names is not None and host not in names):
        raise Refused(403, f"拒绝：请求来自其他网站（{claimed}），只接受本服务器审核台页面提交的审核意见")
