// 账单's month switcher (‹ 2026年11月 ›), which writes the from/to filters, and the line with the totals of
// everything the filters match (the server sums them for the whole filter, not only the loaded page).

import { byId } from '../dom.js';
import { locale, setText } from '../i18n.js';
import { formatAmount } from '../money.js';
import { todayIso } from '../time.js';
import './strings.js';

/** The last day ("YYYY-MM-DD") of the month "YYYY-MM". */
function lastDay(month) {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The month ("YYYY-MM") that `from`..`to` covers exactly, or null. */
export function monthOf(from, to) {
  if (!from || !to || !from.endsWith('-01')) return null;
  const month = from.slice(0, 7);
  return lastDay(month) === to ? month : null;
}

/** The month `step` months after "YYYY-MM". */
export function shiftMonth(month, step) {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + step;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The from/to dates of the month `step` away from the one shown (or of this month, when none is). */
function nextRange(step) {
  const from = byId('f-from').value;
  const to = byId('f-to').value;
  const shown = monthOf(from, to);
  const month = shown ? shiftMonth(shown, step) : todayIso().slice(0, 7);
  return { from: `${month}-01`, to: lastDay(month) };
}

/** Write the switcher's label from the date filters: a month, a range, or all dates. */
export function showMonth() {
  const label = byId('month-label');
  const from = byId('f-from').value;
  const to = byId('f-to').value;
  const month = monthOf(from, to);
  if (month) {
    const [year, number] = month.split('-').map(Number);
    const monthName = new Intl.DateTimeFormat(locale(), { month: 'long', timeZone: 'UTC' }).format(Date.UTC(year, number - 1, 1));
    setText(label, 'records.month', { year, month: number, monthName });
  } else if (from || to) {
    setText(label, 'records.range', { from: from || '…', to: to || '…' });
  } else {
    setText(label, 'records.allTime');
  }
}

/** Put the totals of what the filters match under the switcher (`totals` from the first page of /api/records). */
export function showTotals(totals) {
  const line = byId('list-totals');
  if (!totals) {
    line.hidden = true;
    return;
  }
  setText(line, 'records.totals', { expense: formatAmount(totals.expense), income: formatAmount(totals.income), n: totals.count });
  line.hidden = false;
}

/** Wire the arrows and the label once; `apply` reloads the list after the dates change. */
export function mountMonth(apply) {
  const set = ({ from, to }) => {
    byId('f-from').value = from;
    byId('f-to').value = to;
    showMonth();
    apply();
  };
  byId('month-prev').addEventListener('click', () => set(nextRange(-1)));
  byId('month-next').addEventListener('click', () => set(nextRange(1)));
  // The label toggles between all dates and this month.
  byId('month-label').addEventListener('click', () => {
    const shown = byId('f-from').value || byId('f-to').value;
    set(shown ? { from: '', to: '' } : nextRange(0));
  });
}
