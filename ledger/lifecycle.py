"""Which household events may follow which state (domain.md "States").

archived -> changed/refreshed -> exited | cancelled | returned | blacklisted;
returned (or exited, when hardship returns: seed 002 三(三) "返困的要纳入")
-> archived again; a returned archive may still be cancelled (seed 000:
two years without aid return it, three cancel it). A cancelled archive is
closed (a new application gets a new archive number); a blacklisted person
is never archived again (seed 003 五(三)).
"""

from __future__ import annotations

from ledger.vocab import Event, State

# The state each event leads to; changed/refreshed leave the state as it is.
EVENT_STATE: dict[Event, State] = {
    Event.ARCHIVED: State.ACTIVE,
    Event.EXITED: State.EXITED,
    Event.CANCELLED: State.CANCELLED,
    Event.RETURNED: State.RETURNED,
    Event.BLACKLISTED: State.BLACKLISTED,
}

ALLOWED: dict[Event, frozenset[State | None]] = {
    Event.ARCHIVED: frozenset({None, State.RETURNED, State.EXITED}),
    Event.CHANGED: frozenset({State.ACTIVE, State.RETURNED}),
    Event.REFRESHED: frozenset({State.ACTIVE}),
    Event.EXITED: frozenset({State.ACTIVE}),
    Event.CANCELLED: frozenset({State.ACTIVE, State.RETURNED}),
    Event.RETURNED: frozenset({State.ACTIVE}),
    Event.BLACKLISTED: frozenset({State.ACTIVE, State.RETURNED, State.EXITED, State.CANCELLED}),
}


def transition_problem(state: State | None, event: Event) -> str | None:
    """Chinese reason why `event` cannot follow `state`, or None if it can."""
    if state in ALLOWED[event]:
        return None
    current = state.label if state is not None else "未建档"
    allowed = "、".join(s.label if s is not None else "未建档" for s in ALLOWED[event])
    hints: dict[State | None, str] = {
        State.CANCELLED: "已注销的档案不能再变更；重新申请须另建新档案编号",
        State.BLACKLISTED: "列入黑名单的人员不再建档（沐川办法 五(三)）",
        State.ACTIVE: "档案已在档",
    }
    hint = hints.get(state, "")
    return f"档案当前状态为“{current}”，不能再“{event.label}”（只能在{allowed}状态下{event.label}）" + (
        f"：{hint}" if hint else ""
    )
