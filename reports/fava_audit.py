"""The module ledgers name for the audit page:

    custom "fava-extension" "reports.fava_audit"

Fava loads every extension class it finds here; the extension itself is
reports/fava/audit.py (its templates sit beside it)."""

from reports.fava.audit import BangfuAudit

__all__ = ["BangfuAudit"]
