"""The numbers: the 统计 screen's statistics, monthly budgets, and the home screen's summary.

scan (how reports read records), totals, trend, shares (category, platform and merchant shares, heat map), groups
(spending per merchant and category), anomalies, forecast, budgets, summary, and stats, which assembles /api/stats
from the others.
"""
