"""bangfu core: vocabularies, account naming, directive models, the typed
view of a loaded ledger, loading and the append-only writer. Imports none of
bangfu's other packages; they import this one."""

from ledger.archive import Household, HouseholdSnapshot
from ledger.errors import CODES, Code, LedgerError, Severity
from ledger.loader import Loaded, Problem, load, problem_of
from ledger.payments import Counted, Payment, PaymentLine
from ledger.view import LedgerView, build_view

__all__ = [
    "CODES",
    "Code",
    "Counted",
    "Household",
    "HouseholdSnapshot",
    "LedgerError",
    "LedgerView",
    "Loaded",
    "Payment",
    "PaymentLine",
    "Problem",
    "Severity",
    "build_view",
    "load",
    "problem_of",
]
