"""Bill files in and out.

rows (what a file turns into), table (reading a CSV or XLSX table and telling the format apart), one module
per format (alipay, wechat, own: our export), imports (preview, then commit), export (CSV or XLSX).
"""
