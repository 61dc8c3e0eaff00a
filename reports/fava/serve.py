"""`bangfu serve LEDGER`: Fava for the ledger, read-only unless --edit.

Fava has no login. Read-only serving on the loopback address is the default;
`--host` exposes it to the network and should sit behind an authenticating
reverse proxy. `--edit` is for a finance officer on his own machine and is
refused on any address but loopback.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import socket
import sys
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"
READY = "Fava 已启动"  # printed once the port is listening and the ledger is loaded


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="用 Fava 浏览账本（默认只读，仅本机访问）",
        description="启动 Fava 网页界面浏览账本。默认只读（任何写入请求返回 401），只监听本机 127.0.0.1。",
    )
    parser.add_argument("ledger", type=Path, metavar="账本", help="主账本文件")
    parser.add_argument("--host", default=LOOPBACK, metavar="地址", help="监听地址（默认 127.0.0.1，仅本机）")
    parser.add_argument("--port", type=int, default=5000, metavar="端口", help="端口（默认 5000）")
    parser.add_argument("--allow-host", action="append", default=[], metavar="主机名",
                        help="另外允许的访问主机名（如反向代理对外的域名），可重复；其他主机名的请求一律拒绝（防 DNS 重绑定）")
    parser.add_argument(
        "--edit", action="store_true", help="允许在 Fava 中编辑并保存账本（仅限本机地址，供财务人员自用）"
    )
    parser.set_defaults(func=run)


def allowed_hosts(host: str, port: int, extra: list[str]) -> set[str]:
    """The Host headers this server answers: its own address (and the
    loopback names when it listens on loopback), plus --allow-host names."""
    names = {host, *extra}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "[::1]"}
    return {name.lower() for name in names} | {f"{name.lower()}:{port}" for name in names}


def host_guard(app: Any, allowed: set[str]) -> Any:
    """A WSGI wrapper refusing requests for any other host name: a web page
    elsewhere cannot reach this Fava by pointing its own name at 127.0.0.1
    (DNS rebinding)."""

    def guarded(environ: dict[str, Any], start_response: Any) -> Any:
        host = str(environ.get("HTTP_HOST", "")).lower()
        if host not in allowed:
            body = (f"拒绝访问：主机名“{host}”不是本服务的地址。若经反向代理或其他名称访问，"
                    "请在启动时加 --allow-host 该名称。").encode()
            start_response("421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8"),
                                                       ("Content-Length", str(len(body)))])
            return [body]
        return app(environ, start_response)

    return guarded


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    ledger = args.ledger.resolve()
    if not ledger.is_file():
        raise FileNotFoundError(f"找不到账本文件：{ledger}")
    if not args.host.strip():
        print("错误：--host 不能为空：本机访问用 127.0.0.1（默认），局域网访问写本机的地址", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"错误：端口 {args.port} 无效：应为 1 到 65535 之间的整数，如 5000", file=sys.stderr)
        return 2
    if args.edit and not is_loopback(args.host):
        print("错误：--edit 只允许在本机地址（127.0.0.1）使用；网络访问请用只读模式。", file=sys.stderr)
        return 2
    from cheroot.wsgi import Server

    host = LOOPBACK if args.host == "localhost" else args.host
    # The port first: a busy one is said at once, not after the ledger has
    # loaded, and 已启动 is printed only once the port is this server's.
    server = Server((host, args.port), loading)
    try:
        server.prepare()  # bound and listening; connections wait until serve() accepts them
    except OSError:
        print(f"错误：{cannot_listen(host, args.port)}", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(
            f"警告：Fava 没有登录功能，监听 {args.host} 后网络上的任何人都能查看账本。"
            "请在前面加一个要求身份认证的反向代理（见 docs/deploy.md）。",
            file=sys.stderr,
        )
    try:
        from fava.application import create_app

        app = create_app([str(ledger)], load=True, read_only=not args.edit)  # load before serving
        server.wsgi_app = host_guard(app, allowed_hosts(host, args.port, args.allow_host))
        mode = "可编辑" if args.edit else "只读"
        shown = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL
        print(f"{READY}（{mode}）：http://{shown}:{args.port}/  按 Ctrl+C 停止。", flush=True)
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def loading(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The server's application until the ledger has loaded (never called:
    no connection is accepted before serve())."""
    body = "正在载入账本，请稍候刷新。".encode()
    start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8"),
                                               ("Content-Length", str(len(body)))])
    return [body]


def cannot_listen(host: str, port: int) -> str:
    """Why the server cannot listen on host:port, in Chinese with the fix.
    cheroot says only "No socket could be created", so bind once more, as it
    does, to learn the reason."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        return f"无法识别监听地址“{host}”：--host 应为本机的 IP 地址（仅本机访问用默认的 127.0.0.1）"
    problem: OSError | None = None
    for family, kind, proto, _name, address in addresses:
        try:
            with socket.socket(family, kind, proto) as probe:
                if os.name != "nt":  # as cheroot: on Windows the option would let a busy port be taken
                    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(address)
        except OSError as exc:
            problem = exc
        else:
            problem = None  # free now (it was not a moment ago): no reason to give
            break
    other = port + 1 if port < 65535 else 5000
    code = problem.errno if problem else None
    if code in _errnos("EADDRINUSE", "WSAEADDRINUSE"):
        return (f"端口 {port} 已被其他程序占用（也许另一个 bangfu serve 或 Fava 还开着）：请用 --port 换一个端口，"
                f"如 --port {other}，或先关掉占用它的程序")
    if code in _errnos("EACCES", "WSAEACCES"):
        return (f"没有权限使用端口 {port}（1024 以下的端口须有管理员权限，有的端口为系统保留）：请用 --port 换一个端口，"
                "如 --port 5000")
    if code in _errnos("EADDRNOTAVAIL", "WSAEADDRNOTAVAIL"):
        return f"地址 {host} 不属于本机，无法在其上监听：--host 应为本机的 IP 地址（仅本机访问用默认的 127.0.0.1）"
    reason = f"（{problem.strerror}）" if problem and problem.strerror else ""
    return f"无法在 {host}:{port} 上监听{reason}：请用 --port 换一个端口，如 --port {other}，或稍后再试"


def _errnos(*names: str) -> set[int]:
    return {getattr(errno, name) for name in names if hasattr(errno, name)}
