"""bangfu reports: official tables, analysis and the Fava side (serving, and
later the audit extension). May import `ledger` and `fund_rules`."""
