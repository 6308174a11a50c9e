// Wall-clock times in the ledger's zone (Asia/Shanghai by default) and the ISO-with-offset wire form.

import { locale, t } from './i18n.js';

let ledgerTz = 'Asia/Shanghai';

/** Use `tz` (an IANA name) as the ledger's zone when the browser knows it; true when that changed the zone. */
export function setLedgerTz(tz) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    // Unknown zone name: keep the default rather than break every date on the page.
    return false;
  }
  const changed = tz !== ledgerTz;
  ledgerTz = tz;
  return changed;
}

const partFormats = new Map();

/** The calendar and clock fields of instant `date` as seen in `tz`. */
function partsIn(date, tz) {
  let format = partFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partFormats.set(tz, format);
  }
  const parts = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  return parts;
}

/** "YYYY-MM-DDTHH:MM:SS" wall time of `date` in the ledger zone. */
function wallOf(date) {
  const p = partsIn(date, ledgerTz);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** The current wall time in the ledger zone, for a datetime-local input. */
export function nowLocalInput() {
  return wallOf(new Date());
}

/** Today's date ("YYYY-MM-DD") in the ledger zone. */
export function todayIso() {
  return wallOf(new Date()).slice(0, 10);
}

/** The date `days` after `isoDate` ("YYYY-MM-DD"). */
export function addDays(isoDate, days) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const WIRE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 from the API → "YYYY-MM-DDTHH:MM:SS" wall time in the ledger zone (for datetime-local). */
export function isoToLocalInput(iso) {
  const match = WIRE.exec(String(iso ?? '').trim());
  if (!match) return '';
  if (!match[4]) return `${match[1]}T${match[2]}:${match[3] || '00'}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : wallOf(date);
}

/** Offset in minutes of the ledger zone at the given wall time. */
function offsetMinutes(y, mo, d, h, mi, s) {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = asUtc;
  // Two refinements settle the offset even across a DST change in zones that have one.
  for (let i = 0; i < 2; i += 1) {
    const p = partsIn(new Date(guess), ledgerTz);
    const seen = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
    guess = asUtc - (seen - guess);
  }
  return Math.round((asUtc - guess) / 60000);
}

/** A datetime-local value → ISO 8601 with the ledger zone's offset ("2026-11-03T12:34:56+08:00"), or null. */
export function localInputToIso(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(String(value ?? ''));
  if (!match) return null;
  const [y, mo, d, h, mi] = match.slice(1, 6).map(Number);
  const s = Number(match[6] || 0);
  const offset = offsetMinutes(y, mo, d, h, mi, s);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${String(s).padStart(2, '0')}${sign}${hh}:${mm}`;
}

/** The ledger-zone date ("YYYY-MM-DD") a record's occurred_at falls on. */
export function dayOf(iso) {
  return isoToLocalInput(iso).slice(0, 10);
}

/** "12:34" from an occurred_at. */
export function clockOf(iso) {
  return isoToLocalInput(iso).slice(11, 16);
}

/** "今天", "昨天" or "11月3日 周二" / "Tue, Nov 3" (with the year when not this year). */
export function dayLabel(isoDate) {
  const today = todayIso();
  if (isoDate === today) return t('day.today');
  if (isoDate === addDays(today, -1)) return t('day.yesterday');
  const [y, m, d] = isoDate.split('-').map(Number);
  const options = { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' };
  if (String(y) !== today.slice(0, 4)) options.year = 'numeric';
  return new Intl.DateTimeFormat(locale(), options).format(new Date(Date.UTC(y, m - 1, d)));
}

/** "2026-11-03 12:34" for short display of an occurred_at. */
export function shortDateTime(iso) {
  const wall = isoToLocalInput(iso);
  return wall ? `${wall.slice(0, 10)} ${wall.slice(11, 16)}` : '';
}
