// Money as integer cents parsed from strings: never floating point arithmetic on amounts.

const MAX_CENTS = 9999999999; // DECIMAL(12,2) keeps ten digits before the point; the server checks too.

/** Parse "128.50" (as stored) into 12850 cents, or null. */
export function toCents(text) {
  const match = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(String(text ?? ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0'));
}

/** Read what a person typed ("¥1,234.5", "１２.３") into "1234.50"; returns {value} or {error: key}. */
export function parseAmountInput(text) {
  let raw = String(text ?? '').normalize('NFKC').trim();
  if (!raw) return { error: 'f.amountRequired' };
  raw = raw.replace(/^[¥￥]/, '').replace(/元$/, '').replace(/[,\s]/g, '').replace(/。/g, '.');
  if (raw.startsWith('-') || raw.startsWith('+')) raw = raw.slice(1);
  const cents = toCents(raw);
  if (cents === null) return { error: 'f.amountInvalid' };
  if (cents <= 0) return { error: 'f.amountZero' };
  if (cents > MAX_CENTS) return { error: 'f.amountTooBig' };
  return { value: centsToPlain(cents) };
}

/** 12850 → "128.50" (no grouping, the wire form). */
function centsToPlain(cents) {
  const whole = Math.floor(Math.abs(cents) / 100);
  const frac = String(Math.abs(cents) % 100).padStart(2, '0');
  return `${cents < 0 ? '-' : ''}${whole}.${frac}`;
}

/** 123450 → "¥1,234.50" for display. */
export function formatCents(cents, { sign = '' } = {}) {
  const whole = String(Math.floor(Math.abs(cents) / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = String(Math.abs(cents) % 100).padStart(2, '0');
  return `${sign}${cents < 0 ? '-' : ''}¥${whole}.${frac}`;
}

/** Format a wire amount string ("128.50", "-20.00") for display ("¥128.50", "-¥20.00"), or "—" when absent. */
export function formatAmount(text, options) {
  const raw = String(text ?? '').trim();
  const negative = raw.startsWith('-');
  const cents = toCents(negative ? raw.slice(1) : raw);
  if (cents === null) return '—';
  return formatCents(negative ? -cents : cents, options);
}

/** Spending and income cents of records `list`, by the server's rule (records/money.py): refunds reduce
 *  spending, never below zero; transfers are neither. */
export function netTotals(list) {
  let expense = 0;
  let income = 0;
  for (const r of list) {
    const cents = toCents(r.amount) || 0;
    if (r.direction === 'expense') expense += cents;
    else if (r.direction === 'refund') expense -= cents;
    else if (r.direction === 'income') income += cents;
  }
  return { expense: Math.max(expense, 0), income };
}

/** The sign shown before an amount of this direction. */
export function signFor(direction) {
  if (direction === 'expense') return '-';
  if (direction === 'income' || direction === 'refund') return '+';
  return '';
}
