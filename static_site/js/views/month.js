// 账单's month switcher (‹ 2026年11月 ›), which writes the from/to filters, the line with the totals of
// everything the filters match (the server sums them for the whole filter, not only the loaded page), and the
// calendar of a month with each day's spending (a tap on a day lists that day).

import { byId } from '../dom.js';
import { locale, setText, t } from '../i18n.js';
import { formatAmount, formatCents, toCents } from '../money.js';
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

let calendarOn = false;
let lastTotals = null;
let totalsFor = ''; // the from/to the last totals were of: a calendar never shows another month's days

/** The from/to dates of the month `step` away from the one shown (a day or range: its month; none: this month). */
function nextRange(step) {
  const from = byId('f-from').value;
  const to = byId('f-to').value;
  const shown = monthOf(from, to);
  const month = shown ? shiftMonth(shown, step) : (from || to || todayIso()).slice(0, 7);
  return { from: `${month}-01`, to: lastDay(month) };
}

/** The last totals' days, if they are of the dates the filters hold now. */
function currentDays() {
  const shown = `${byId('f-from').value}|${byId('f-to').value}`;
  return totalsFor === shown && lastTotals ? lastTotals.days : null;
}

/** A short figure for a calendar cell: "¥1,234" without cents, "1.2万" past ten thousand. */
function cellAmount(text) {
  const cents = toCents(text) || 0;
  if (cents >= 1000000) return `${(cents / 1000000).toFixed(1)}万`;
  return formatCents(Math.round(cents / 100) * 100).replace(/\.00$/, '');
}

/** Draw the shown month's calendar from `days` (the server's totals per day), Monday first. */
function renderCalendar(days) {
  const box = byId('calendar');
  const month = monthOf(byId('f-from').value, byId('f-to').value);
  box.hidden = !calendarOn || !month || !days;
  byId('month-calendar').setAttribute('aria-pressed', String(calendarOn));
  if (box.hidden) return;
  const [y, m] = month.split('-').map(Number);
  const weekday = new Intl.DateTimeFormat(locale(), { weekday: 'narrow', timeZone: 'UTC' });
  const cells = [];
  for (let i = 0; i < 7; i += 1) {
    const head = document.createElement('span');
    head.className = 'cal-head';
    head.setAttribute('aria-hidden', 'true');
    head.textContent = weekday.format(Date.UTC(2024, 0, 1 + i)); // 2024-01-01 was a Monday
    cells.push(head);
  }
  const first = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  for (let i = 0; i < first; i += 1) cells.push(document.createElement('span'));
  const count = Number(lastDay(month).slice(8));
  const today = todayIso();
  const dateFormat = new Intl.DateTimeFormat(locale(), { month: 'long', day: 'numeric', timeZone: 'UTC' });
  for (let d = 1; d <= count; d += 1) {
    const iso = `${month}-${String(d).padStart(2, '0')}`;
    const sums = days[iso];
    const cell = document.createElement('button');
    cell.type = 'button';
    cell.className = `cal-day${sums ? ' has' : ''}`;
    cell.dataset.day = iso;
    if (iso === today) cell.setAttribute('aria-current', 'date');
    const num = document.createElement('span');
    num.className = 'cal-num';
    num.textContent = String(d);
    cell.append(num);
    const date = dateFormat.format(Date.UTC(y, m - 1, d));
    if (sums) {
      const spent = toCents(sums.expense) > 0;
      const sum = document.createElement('span');
      sum.className = `cal-sum${spent ? '' : ' income'}`;
      sum.textContent = spent ? cellAmount(sums.expense) : `+${cellAmount(sums.income)}`;
      cell.append(sum);
      const vars = { date, expense: formatAmount(sums.expense), income: formatAmount(sums.income), n: sums.count };
      cell.setAttribute('aria-label', t('records.calendarDay', vars));
    } else {
      cell.setAttribute('aria-label', t('records.calendarNone', { date }));
    }
    cells.push(cell);
  }
  box.replaceChildren(...cells);
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
  renderCalendar(currentDays());
}

/** Put the totals of what the filters match under the switcher (`totals` from the first page of /api/records). */
export function showTotals(totals) {
  lastTotals = totals || null;
  totalsFor = `${byId('f-from').value}|${byId('f-to').value}`;
  renderCalendar(totals && totals.days);
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
  // The calendar needs a month: turning it on with none shown opens this month.
  byId('month-calendar').addEventListener('click', () => {
    calendarOn = !calendarOn;
    if (calendarOn && !monthOf(byId('f-from').value, byId('f-to').value)) set(nextRange(0));
    else renderCalendar(currentDays());
  });
  // A day lists that day; the arrows or the label lead back to the month.
  byId('calendar').addEventListener('click', (event) => {
    const cell = event.target instanceof Element ? event.target.closest('.cal-day') : null;
    if (cell) set({ from: cell.dataset.day, to: cell.dataset.day });
  });
  // The label toggles between all dates and this month.
  byId('month-label').addEventListener('click', () => {
    const shown = byId('f-from').value || byId('f-to').value;
    set(shown ? { from: '', to: '' } : nextRange(0));
  });
}
