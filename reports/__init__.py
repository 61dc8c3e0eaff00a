"""bangfu reports, one room per area: the official tables (`tables/`), the
consolidation at the level above (`consolidation/`) and Fava (`fava/`), with
what they share (the derived tables in frames.py, the workbook helpers). May
import `ledger` and `fund_rules`."""
