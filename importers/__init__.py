"""bangfu importers: turn the Excel sheets officers already keep into ledger
text through ledger's append-only writer. Imports `ledger` only."""
