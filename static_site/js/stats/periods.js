// The 统计 screen's periods: 本周 / 本月 / 今年 as inclusive day ranges, and the trend unit that reads best.

import { addDays, todayIso } from '../time.js';

/** The inclusive {from, to} days of a named period, in the ledger's time zone. */
export function periodRange(name, today = todayIso()) {
  if (name === 'week') {
    const [y, m, d] = today.split('-').map(Number);
    const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
    return { from: addDays(today, -weekday), to: today };
  }
  if (name === 'year') return { from: `${today.slice(0, 4)}-01-01`, to: today };
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** The trend granularity that reads best for a range of `days`. */
export function defaultUnit(days) {
  if (days <= 45) return 'day';
  if (days <= 200) return 'week';
  return 'month';
}
