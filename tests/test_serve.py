"""Fava opens the example: a real `bangfu serve` process on a free port."""

from __future__ import annotations

import json
import socket
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import EXAMPLE, run_bangfu, serve


@pytest.fixture(scope="module")
def server():
    with serve(EXAMPLE) as urls:
        yield urls


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def test_fava_serves_the_example_without_errors(server):
    _base, ledger_url = server
    errors = get_json(ledger_url + "/api/errors")
    assert errors["data"] == []
    with urllib.request.urlopen(ledger_url + "/income_statement/", timeout=30) as response:
        page = response.read().decode("utf-8")
    assert '"language":"zh"' in page.replace(" ", "")  # custom "fava-option" "language" "zh"
    assert "Expenses:Aid:Central:Living" in page


def test_read_only_refuses_writes(server):
    _base, ledger_url = server
    body = json.dumps({"file_path": str(EXAMPLE), "source": "", "sha256sum": ""}).encode()
    request = urllib.request.Request(
        ledger_url + "/api/source", data=body, method="PUT", headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401


def listening_addresses(port: int) -> set[str]:
    """Local IPv4 addresses in LISTEN state on `port`, from /proc/net/tcp."""
    found = set()
    with open("/proc/net/tcp", encoding="ascii") as table:
        for row in list(table)[1:]:
            local, state = row.split()[1], row.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/net/tcp")
def test_listens_on_loopback_only(server):
    base, _ledger_url = server
    assert listening_addresses(urllib.parse.urlparse(base).port) == {"127.0.0.1"}


def test_edit_refused_off_loopback():
    done = run_bangfu("serve", EXAMPLE, "--edit", "--host", "0.0.0.0")
    assert done.returncode == 2 and "--edit" in done.stderr


UNARCHIVED_PAYMENT = (
    '\n2025-12-01 * "无档案者" "未建档的生活救助"\n  household: "QS-2099-999"\n  approval: "SP2025-9999"\n'
    '  method: "现金"\n  id-checked: TRUE\n  receipt: "签收单"\n'
    '  Expenses:Aid:UnionDues:Living  100.00 CNY\n  Assets:Bank:ICBC:UnionDues\n'
)


def test_edit_mode_saves_and_shows_the_new_violation(tmp_path):
    """`bangfu serve --edit`: a finance officer saves a file in Fava's
    editor; the file on disk changes and the rule's error appears."""
    import shutil

    folder = tmp_path / "county"
    shutil.copytree(EXAMPLE.parent, folder)
    target = folder / "2025.beancount"
    with serve(folder / "main.beancount", "--edit") as (_base, ledger_url):
        assert get_json(ledger_url + "/api/errors")["data"] == []
        source = get_json(ledger_url + "/api/source?filename=" + urllib.parse.quote(str(target)))["data"]
        body = json.dumps({"file_path": str(target), "source": source["source"] + UNARCHIVED_PAYMENT,
                           "sha256sum": source["sha256sum"]}).encode()
        request = urllib.request.Request(ledger_url + "/api/source", data=body, method="PUT",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200  # Fava saves the file and loads the ledger again before answering
        messages = [error["message"] for error in get_json(ledger_url + "/api/errors")["data"]]
    assert target.read_text(encoding="utf-8").endswith(UNARCHIVED_PAYMENT)
    assert any(message.startswith("[S10]") and "QS-2099-999" in message for message in messages), messages


def test_other_host_names_are_refused(server):
    """DNS rebinding: a page elsewhere that points its own name at 127.0.0.1
    reaches the port but not Fava."""
    import http.client
    from urllib.parse import urlsplit

    _base, ledger_url = server
    address = urlsplit(ledger_url)
    for host, expected in (("evil.example", 421), (f"evil.example:{address.port}", 421), (address.netloc, 200),
                           (f"localhost:{address.port}", 200)):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        connection.request("GET", address.path + "/extension/BangfuAudit/", headers={"Host": host})
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        connection.close()
        assert response.status == expected, (host, body[:200])
        if expected == 421:
            assert "--allow-host" in body
