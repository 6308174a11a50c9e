// 手动记一笔, the quick way: an amount keypad, a grid of categories, expense or income, 保存 within thumb reach.
// The last category (per direction) and the last platform and payment method are remembered on this device;
// merchant, memo, time and method sit folded under 更多. A cash expense is the amount plus three taps.

import { api } from '../api.js';
import { announce, busy, byId, clearError, el, showError } from '../dom.js';
import { setText, t } from '../i18n.js';
import { categoryInfo, categoryName, getCategories, platformName } from '../fields.js';
import { parseAmountInput } from '../money.js';
import { localInputToIso, nowLocalInput } from '../time.js';
import { rememberSaved } from './records.js';
import './strings.js';

const MEMORY_KEY = 'snapledger.quick';
const QUICK_PLATFORMS = ['现金', '微信支付', '支付宝', '银行卡', '云闪付'];
const DEFAULT_PLATFORM = '现金'; // what is typed by hand is mostly cash: app payments arrive as screenshots
const MAX_WHOLE_DIGITS = 10; // DECIMAL(12,2)
const HUES = 6; // the icon colours of css/daily.css (.q-hue-0 … .q-hue-5)

let navigate = () => {};
let direction = 'expense';
let category = null;
// The category to press: the remembered or tapped one, pressed only while the book offers it (a hidden or renamed
// one is not offered for a new entry, so it is never saved unseen).
let wanted = null;
let platform = DEFAULT_PLATFORM;

/** What this device remembers of the last quick entry: {expense, income (categories), platform, payment_method}. */
function memory() {
  try {
    const saved = JSON.parse(localStorage.getItem(MEMORY_KEY) || '{}');
    return saved && typeof saved === 'object' ? saved : {};
  } catch {
    return {};
  }
}

/** Remember the choices of a saved entry for the next one. */
function remember(fields) {
  const next = { ...memory(), [fields.direction]: fields.category, platform: fields.platform || '', payment_method: fields.payment_method || '' };
  try {
    localStorage.setItem(MEMORY_KEY, JSON.stringify(next));
  } catch {
    // Not remembered; the next entry starts from the defaults.
  }
}

/** The amount after pressing keypad `key` on `text` (digits, one point, two decimals, ⌫). */
export function pressKey(text, key) {
  if (key === 'back') return text.slice(0, -1);
  if (key === '.') return text.includes('.') ? text : `${text || '0'}.`;
  const [whole, frac] = text.split('.');
  if (frac !== undefined) return frac.length >= 2 ? text : text + key;
  if (whole === '0') return key;
  return whole.length >= MAX_WHOLE_DIGITS ? text : text + key;
}

/** Show or clear the error under the amount. */
function amountError(key) {
  const note = byId('new-amount-note');
  const input = byId('new-amount');
  if (key) {
    setText(note, key);
    note.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', note.id);
  } else {
    note.hidden = true;
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
}

/** Press one of a group's toggle buttons (aria-pressed), releasing the others. */
function pressOne(container, selector, pressed) {
  for (const button of container.querySelectorAll(selector)) button.setAttribute('aria-pressed', String(button === pressed));
}

/** A stable colour index for a category name. */
function hue(name) {
  let sum = 0;
  for (const ch of name) sum = (sum * 31 + ch.codePointAt(0)) % 9973;
  return sum % HUES;
}

/** The category grid from the owner's list, with `category` pressed. */
function renderCategories() {
  const grid = byId('new-cats');
  const names = [...getCategories()];
  category = wanted && names.includes(wanted) ? wanted : null;
  grid.replaceChildren(...names.map((name) => {
    const button = el('button', 'q-cat');
    button.type = 'button';
    button.dataset.category = name;
    button.setAttribute('aria-pressed', String(name === category));
    // The icon is the book's chosen glyph, else the name's first character, on the chosen colour or one of its
    // own: the first character renders on every phone (no emoji font needed).
    const label = categoryName(name);
    const info = categoryInfo(name);
    const icon = el('span', `q-cat-icon q-hue-${hue(name)}`, info.icon || Array.from(label)[0]);
    if (info.colour) icon.style.backgroundColor = info.colour;
    icon.setAttribute('aria-hidden', 'true');
    button.append(icon, el('span', 'q-cat-name', label));
    if (info.parent) {
      // A sub-category sits right after its parent; its accessible name says whose it is.
      button.classList.add('q-sub');
      button.setAttribute('aria-label', `${categoryName(info.parent)} · ${label}`);
    }
    return button;
  }));
}

/** The platform chips, with `platform` pressed. */
function renderPlatforms() {
  const row = byId('new-platforms');
  const names = [...QUICK_PLATFORMS];
  if (platform && !names.includes(platform)) names.push(platform);
  row.replaceChildren(...names.map((name) => {
    const chip = el('button', 'q-chip', platformName(name));
    chip.type = 'button';
    chip.dataset.platform = name;
    chip.setAttribute('aria-pressed', String(name === platform));
    return chip;
  }));
  showMoreState();
}

/** Say on the folded 更多 what it holds now (the platform, a merchant), so nothing set there is invisible. */
function showMoreState() {
  const parts = [platformName(platform), byId('new-payment').value.trim(), byId('new-merchant').value.trim()].filter(Boolean);
  byId('new-more-state').textContent = parts.join(' · ');
}

/** Switch between expense and income; each remembers its own last category. */
function setDirection(next) {
  direction = next === 'income' ? 'income' : 'expense';
  pressOne(byId('new-form'), '.q-seg', byId('new-form').querySelector(`.q-seg[data-direction="${direction}"]`));
  const remembered = memory()[direction];
  const fallback = direction === 'income' && getCategories().includes('收入') ? '收入' : null;
  wanted = typeof remembered === 'string' && remembered ? remembered : fallback;
  renderCategories();
}

/** The entry as record fields; errors name the controls to fix. */
function read() {
  const errors = [];
  const amount = parseAmountInput(byId('new-amount').value);
  amountError(amount.error || null);
  if (amount.error) errors.push('new-amount');
  const when = localInputToIso(byId('new-time').value);
  const timeNote = byId('new-time-note');
  timeNote.hidden = Boolean(when);
  if (!when) {
    setText(timeNote, 'f.timeRequired');
    errors.push('new-time');
  }
  const text = (id) => byId(id).value.trim() || null;
  const fields = {
    direction, amount: amount.value ?? null, currency: 'CNY', occurred_at: when, category,
    platform: platform || null, payment_method: text('new-payment'), merchant: text('new-merchant'), memo: text('new-memo'),
    order_no: null,
  };
  return { fields, errors };
}

/** Save the entry and go to the list. */
async function save() {
  clearError();
  const { fields, errors } = read();
  if (errors.length) {
    if (errors.includes('new-time')) byId('new-more').open = true;
    showError(t('review.fixErrors'));
    byId(errors[0]).focus();
    return;
  }
  try {
    const record = await api('POST', '/records', fields);
    remember(fields);
    rememberSaved([record]);
    announce(t('new.saved'));
    navigate('#/records');
  } catch (error) {
    // Nothing was saved: what is typed stays for another try.
    showError(error.message);
  }
}

/** Wire the form once. */
export function mount(go) {
  navigate = go;
  const form = byId('new-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(byId('new-save'), save);
  });
  // Enter moves on (or does nothing); only the 保存 button saves.
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing && event.target instanceof HTMLInputElement) event.preventDefault();
  });
  form.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const key = target && target.closest('#new-keypad button');
    const seg = target && target.closest('.q-seg');
    const cat = target && target.closest('.q-cat');
    const chip = target && target.closest('.q-chip');
    if (key) {
      const input = byId('new-amount');
      input.value = pressKey(input.value, key.dataset.key);
      amountError(null);
    } else if (seg) {
      setDirection(seg.dataset.direction);
    } else if (cat) {
      category = cat.dataset.category;
      wanted = category;
      pressOne(byId('new-cats'), '.q-cat', cat);
    } else if (chip) {
      platform = chip.getAttribute('aria-pressed') === 'true' ? null : chip.dataset.platform;
      renderPlatforms();
    }
  });
  byId('new-amount').addEventListener('input', () => amountError(null));
  for (const id of ['new-payment', 'new-merchant']) byId(id).addEventListener('input', showMoreState);
}

/** Show a fresh entry, starting from what was chosen last time. */
export function show() {
  const saved = memory();
  byId('new-form').reset();
  amountError(null);
  byId('new-time-note').hidden = true;
  byId('new-more').open = false;
  byId('new-time').value = nowLocalInput();
  platform = typeof saved.platform === 'string' ? saved.platform : DEFAULT_PLATFORM;
  byId('new-payment').value = typeof saved.payment_method === 'string' ? saved.payment_method : '';
  setDirection('expense');
  renderPlatforms();
}

/** Re-render language-dependent parts after a switch. */
export function relang() {
  renderCategories();
  renderPlatforms();
}
