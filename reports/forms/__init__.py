"""The paper archive's forms, printed from the ledger (seed 000 二(三) lists
the archive's order, seed 002 its attachments, seed 003 the application
form and the 帮扶审批表): `bangfu form archive|application|approval|card`."""
