"""The ledger, usable from a plain Python shell, a CLI, a benchmark or a test: no Azure Functions import here.

db (engine, migrations), schema (every table), errors, fields, dates, money, drafts, ledger, duplicates,
learning, categories, storage, archive; accounts, sessions, signin, totp (people who sign in); bills/ (files in
and out), reports/ (statistics, budgets, summary). `python -m records …` runs backups and manages accounts.
"""
