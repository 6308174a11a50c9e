"""The ledger, usable from a plain Python shell, a CLI, a benchmark or a test: no Azure Functions import here.

db (engine, migrations), schema (every table and index), errors, fields, dates, money, limits; drafts, ledger,
batch, duplicates, tags, invoices; categories, category_admin and learning (a book's categories, learned from
corrections); books (books, members, invites); accounts, sessions, signin, totp (people who sign in); storage (Blob
Storage); cleanup, backup, archive; bills/ (files in and out), reports/ (statistics, budgets, summary).
`python -m records …` runs backups and archives and manages accounts.
"""
