"""fund_rules: bangfu's beancount plugin.

Enable it in the main ledger file (plugin lines in included files are ignored):

    plugin "fund_rules"

Every violation becomes a beancount error, so it shows in bean-check, on
Fava's Errors page and in `bangfu check`.
"""

from fund_rules.plugin import fund_rules

__plugins__ = ("fund_rules",)
__all__ = ["fund_rules"]
