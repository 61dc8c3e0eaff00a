"""The union's books from a bangfu ledger (docs/books.md): vouchers
(记账凭证), statements (收入支出表, 科目余额表, 资金结转) - each account under its
工会会计制度 code (ledger/books.py)."""
