"""S19: a closed period's entries are as they were when it was closed.

`bangfu close` seals a period with the digest of its entries (ledger/seal.py);
this check recomputes the digest of every closing still in force and reports
each one whose entries were added, removed or changed afterwards, naming the
period, the count then and now and the months that differ. The notices
forbid altering records (seed 001 第十九条, seed 004 第二十二条), and a
reported period's books are not to be altered (会计基础工作规范). Costs
nothing on a ledger without closings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fund_rules.codes import S19
from ledger.errors import S02, LedgerError
from ledger.seal import changed_months, digests, ledger_root, seals_of
from ledger.view import LedgerView


def sealed_periods(view: LedgerView, options_map: dict[str, Any]) -> Iterator[LedgerError]:
    found = seals_of(view)
    for entry, text in found.malformed:
        yield S02.at(entry, text)
    active = found.active
    if not active:
        return
    now = digests(view.entries, [c.through for c in active], ledger_root(options_map))
    for closing in active:
        current = now[closing.through]
        if current.total == closing.digest:
            continue
        counted = f"结账时 {closing.count} 条，现在 {current.count} 条" if closing.count is not None else f"现在 {current.count} 条"
        months = changed_months(closing, current) if closing.months else []
        where = f"；有变动的月份：{'、'.join(months)}" if months else ""
        yield S19.at(
            closing.entry,
            f"截至 {closing.through} 的期间已于 {closing.closed_on} 结账，此后该期间的记录被增加、删除或修改"
            f"（{counted}{where}）：已结账期间的记录不得改动（重庆办法 第十九条、安阳办法 第二十二条：不得涂改档案；会计基础工作规范）。"
            f"请恢复原记录；确需更正，先用 bangfu close --reopen {closing.through} --reason 原因 记录重新开账",
        )
