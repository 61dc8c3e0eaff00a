"""`bangfu serve LEDGER`: Fava for the ledger, read-only unless --edit.

Fava has no login. Read-only serving on the loopback address is the default;
`--host` exposes it to the network and should sit behind an authenticating
reverse proxy. `--edit` is for a finance officer on his own machine and is
refused on any address but loopback.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"
READY = "Fava 已启动"  # printed once the ledger is loaded and the port is listening


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
    if not is_loopback(args.host):
        print(
            f"警告：Fava 没有登录功能，监听 {args.host} 后网络上的任何人都能查看账本。"
            "请在前面加一个要求身份认证的反向代理（见 docs/deploy.md）。",
            file=sys.stderr,
        )
    from cheroot.wsgi import Server
    from fava.application import create_app

    app = create_app([str(ledger)], load=True, read_only=not args.edit)  # load before serving
    host = LOOPBACK if args.host == "localhost" else args.host
    mode = "可编辑" if args.edit else "只读"
    server = Server((host, args.port), host_guard(app, allowed_hosts(host, args.port, args.allow_host)))
    try:
        server.prepare()  # listening from here on
    except OSError:
        print(f"错误：无法在 {host}:{args.port} 上启动：该端口已被其他程序占用（或该地址不属于本机），"
              f"请用 --port 换一个端口，如 --port {args.port + 1}", file=sys.stderr)
        return 2
    try:
        print(f"{READY}（{mode}）：http://{host}:{args.port}/  按 Ctrl+C 停止。", flush=True)
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
