"""bangfu core: vocabularies, account naming, directive models, the typed
archive, loading and append-only writing. Imports none of bangfu's other
packages; they import this one."""

from ledger.archive import Archive, Household, HouseholdSnapshot, read_archive
from ledger.errors import CODES, LedgerError
from ledger.loader import Loaded, Problem, load, problem_of
from ledger.payments import Payment, PaymentLine

__all__ = [
    "CODES",
    "Archive",
    "Household",
    "HouseholdSnapshot",
    "LedgerError",
    "Loaded",
    "Payment",
    "PaymentLine",
    "Problem",
    "load",
    "problem_of",
    "read_archive",
]
