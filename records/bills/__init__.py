"""Bill files in and out.

rows (what a file turns into), table (reading a CSV or XLSX table and telling the format apart), one module
per format (alipay, wechat, jd, meituan, cmb and icbc with what the banks share in banks, own: our export),
imports (preview, then commit), export (CSV, XLSX or Beancount), beancount and accounts (the Beancount ledger and
the person's account mapping), invoices (a period's e-invoices as one zip).
"""
