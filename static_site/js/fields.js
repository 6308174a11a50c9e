// The labelled field editor shared by review, manual entry and in-place record editing.

import { cloneTemplate } from './dom.js';
import { getLang, setText, t } from './i18n.js';
import { parseAmountInput } from './money.js';
import { isoToLocalInput, localInputToIso, nowLocalInput } from './time.js';

export const FIELDS = ['amount', 'direction', 'occurred_at', 'merchant', 'platform', 'category', 'payment_method', 'memo', 'order_no'];
export const DIRECTIONS = ['expense', 'income', 'refund', 'transfer'];
export const PLATFORMS = ['微信支付', '支付宝', '云闪付', '美团', '京东', '滴滴出行', '拼多多', '抖音支付', '银行卡', '现金'];
// The canonical platform names are stored in Chinese; in English they are shown by these names (others as stored).
const PLATFORM_NAMES_EN = {
  微信支付: 'WeChat Pay', 支付宝: 'Alipay', 云闪付: 'UnionPay', 美团: 'Meituan', 京东: 'JD', 滴滴出行: 'DiDi',
  拼多多: 'Pinduoduo', 抖音支付: 'Douyin Pay', 银行卡: 'Bank card', 现金: 'Cash', 饿了么: 'Ele.me', 淘宝: 'Taobao',
  工商银行: 'ICBC', 招商银行: 'China Merchants Bank', 建设银行: 'CCB', 中国银行: 'Bank of China',
  农业银行: 'Agricultural Bank of China', 交通银行: 'Bank of Communications', 邮储银行: 'Postal Savings Bank',
};
export const LOW_CONFIDENCE = 0.6;

// Fields a record cannot be saved without; empty, they are marked even when the reader said nothing.
const REQUIRED = ['amount', 'occurred_at', 'direction'];
// Why a field is marked (the server's items[].reasons; recognize/models.py REASONS): each has its own words.
const REASONS = [
  'invalid',
  'engines_disagree',
  'far_from_capture',
  'fully_discounted',
  'not_found',
  'guessed',
  'unclear',
];

let categories = ['餐饮', '交通', '购物', '日用', '住房', '通讯', '娱乐', '医疗', '教育', '旅行', '人情', '收入', '其他'];
// Category key → {zh, en}, from /api/categories (the server holds the one list of names; records/categories.py).
let categoryNames = new Map();
// Category key → {parent, icon, colour, hidden}: the book's own list (views/categories.js edits it).
let categoryInfos = new Map();
let categoryAnswer = null;
let editorCount = 0;
const categoryListeners = new Set();
let settleNames;
const namesSettled = new Promise((resolve) => { settleNames = resolve; });

/** Resolves once the server's category names arrived or could not be had (the built-in keys stay then). */
export function categoriesSettled() {
  return namesSettled;
}

/** Say the category names will not come (the request failed): whoever waits for them goes on with the keys. */
export function categoriesUnavailable() {
  settleNames();
}

/** Replace the owner's category list and names (the answer of GET /api/categories); tells the listeners. */
export function setCategories(answer) {
  const list = Array.isArray(answer) ? answer : answer && answer.categories;
  if (Array.isArray(list) && list.length) categories = list.filter((c) => typeof c === 'string' && c);
  if (answer && Array.isArray(answer.names)) {
    const entries = [...answer.names, ...(Array.isArray(answer.hidden) ? answer.hidden : [])]
      .filter((entry) => entry && typeof entry.key === 'string' && entry.names);
    categoryNames = new Map(entries.map((entry) => [entry.key, entry.names]));
    categoryInfos = new Map(entries.map((entry) => [entry.key, {
      parent: typeof entry.parent === 'string' ? entry.parent : null,
      icon: typeof entry.icon === 'string' ? entry.icon : null,
      colour: typeof entry.colour === 'string' ? entry.colour : null,
      hidden: entry.hidden === true,
    }]));
    categoryAnswer = answer;
  }
  settleNames();
  for (const fn of categoryListeners) fn();
}

/** Call `fn` whenever the category list or its names change. */
export function onCategoriesChange(fn) {
  categoryListeners.add(fn);
}

/** How category `key` reads in the page's language: a default's name, a person's own as typed, none as 未分类. */
export function categoryName(key) {
  if (!key) return t('f.noCategory');
  const names = categoryNames.get(key);
  return (names && typeof names[getLang()] === 'string' && names[getLang()]) || key;
}

/** A category's parent, icon and colour ({} for a key the book's list does not hold). */
export function categoryInfo(key) {
  return categoryInfos.get(key) || {};
}

/** The last GET /api/categories answer (null before it came), for the 分类 screen. */
export function categoryListing() {
  return categoryAnswer;
}

/** How category `key` reads in a select: a sub-category as "父 · 子", so two of the same name stay apart. */
export function categoryLabel(key) {
  const { parent } = categoryInfo(key);
  return parent ? `${categoryName(parent)} · ${categoryName(key)}` : categoryName(key);
}

/** How platform `name` reads in the page's language (the canonical ones have English names). */
export function platformName(name) {
  if (!name) return name;
  return getLang() === 'en' ? PLATFORM_NAMES_EN[name] || name : name;
}

/** The owner's category list: what a new entry may pick (hidden ones left out). */
export function getCategories() {
  return categories;
}

/** A blank item for filling in by hand: an expense in CNY, now. */
export function emptyFields() {
  return {
    direction: 'expense', amount: null, currency: 'CNY', occurred_at: localInputToIso(nowLocalInput()),
    merchant: null, platform: null, payment_method: null, category: null, memo: null, order_no: null,
  };
}

/** Fill a category <select> with the owner's list plus `current` if it is not in it. */
function fillCategories(select, current) {
  select.replaceChildren();
  const none = document.createElement('option');
  none.value = '';
  none.dataset.i18n = 'f.noCategory';
  none.textContent = t('f.noCategory');
  select.append(none);
  const names = [...categories];
  if (current && !names.includes(current)) names.push(current);
  for (const name of names) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = categoryLabel(name);
    select.append(option);
  }
  select.value = current || '';
}

/** Build an editor for `fields`, marking fields whose `confidence` is low with their `reasons` (field → code);
 * returns its element and methods. */
export function createFieldEditor(fields, { confidence = null, reasons = null } = {}) {
  editorCount += 1;
  const prefix = `fe${editorCount}`;
  const root = cloneTemplate('tpl-fields');
  const base = { ...fields };
  const rows = {};
  for (const row of root.querySelectorAll('.field[data-field]')) {
    const name = row.dataset.field;
    const control = row.querySelector('[name]');
    const note = row.querySelector('.field-note');
    control.id = `${prefix}-${name}`;
    note.id = `${prefix}-${name}-note`;
    row.querySelector('label').htmlFor = control.id;
    rows[name] = { row, control, note };
  }

  /** Put `values` into the controls. */
  function setValues(values) {
    Object.assign(base, values);
    for (const name of FIELDS) {
      const { control } = rows[name];
      const value = values[name] ?? '';
      if (name === 'occurred_at') control.value = isoToLocalInput(value);
      else if (name === 'category') fillCategories(control, value);
      else if (name === 'direction') control.value = DIRECTIONS.includes(value) ? value : 'expense';
      else control.value = value;
    }
  }

  /** Mark (visibly and for screen readers) the fields recognized with low confidence, saying why. */
  function markConfidence(scores, why = null) {
    for (const name of FIELDS) {
      const { row, control } = rows[name];
      const score = scores ? scores[name] : undefined;
      const empty = !String(control.value ?? '').trim();
      // A mark means "look at this value": an optional field left empty (备注, 订单号) has nothing to check.
      const low = typeof score === 'number' && score < LOW_CONFIDENCE && (!empty || REQUIRED.includes(name));
      row.classList.toggle('low', low);
      const badge = row.querySelector('.low-badge');
      badge.hidden = !low;
      // The badge sits inside the label, so its text is part of the accessible name.
      if (low) {
        const given = why ? why[name] : undefined;
        const reason = REASONS.includes(given) ? given : empty ? 'not_found' : 'unclear';
        setText(badge, `f.low.${reason}`);
        control.dataset.lowReason = reason;
        control.setAttribute('aria-description', t(`f.lowSr.${reason}`));
      } else {
        setText(badge, 'f.low');
        delete control.dataset.lowReason;
        control.removeAttribute('aria-description');
      }
    }
  }

  /** Show or clear an error under one field. */
  function setError(name, key) {
    const { control, note } = rows[name];
    if (key) {
      note.dataset.i18n = key;
      note.textContent = t(key);
      note.hidden = false;
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', note.id);
    } else {
      note.hidden = true;
      note.textContent = '';
      delete note.dataset.i18n;
      control.removeAttribute('aria-invalid');
      control.removeAttribute('aria-describedby');
    }
  }

  /** Read and validate the controls; returns {fields, errors: [name...]}. */
  function read() {
    const out = { ...base };
    const errors = [];
    for (const name of FIELDS) {
      const raw = rows[name].control.value;
      let error = null;
      if (name === 'amount') {
        const parsed = parseAmountInput(raw);
        if (parsed.error) error = parsed.error;
        else out.amount = parsed.value;
      } else if (name === 'occurred_at') {
        const iso = localInputToIso(raw);
        if (!iso) error = 'f.timeRequired';
        else out.occurred_at = iso;
      } else {
        const text = raw.trim();
        out[name] = text || null;
      }
      setError(name, error);
      if (error) errors.push(name);
    }
    if (!out.currency) out.currency = 'CNY';
    return { fields: out, errors };
  }

  /** Move focus to the first field with an error. */
  function focusFirstError(errors) {
    if (errors.length) rows[errors[0]].control.focus();
  }

  /** Enable or disable every control. */
  function setDisabled(disabled) {
    for (const name of FIELDS) rows[name].control.disabled = disabled;
  }

  /** Re-render language-dependent parts (the category placeholder and the screen-reader hint). */
  function relang() {
    const select = rows.category.control;
    for (const option of select.options) option.textContent = categoryLabel(option.value);
    for (const name of FIELDS) {
      const { control } = rows[name];
      if (control.dataset.lowReason) control.setAttribute('aria-description', t(`f.lowSr.${control.dataset.lowReason}`));
    }
  }

  for (const name of FIELDS) rows[name].control.addEventListener('input', () => setError(name, null));
  setValues(fields);
  markConfidence(confidence, reasons);
  return { element: root, setValues, read, markConfidence, focusFirstError, setDisabled, relang, control: (name) => rows[name].control };
}

/** Fill the platform <datalist> shared by all editors. */
export function fillPlatformList(datalist) {
  datalist.replaceChildren();
  for (const name of PLATFORMS) {
    const option = document.createElement('option');
    option.value = name;
    if (PLATFORM_NAMES_EN[name]) option.label = platformName(name);
    datalist.append(option);
  }
}
