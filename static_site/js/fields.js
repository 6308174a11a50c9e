// The labelled field editor shared by review, manual entry and in-place record editing.

import { cloneTemplate } from './dom.js';
import { t } from './i18n.js';
import { parseAmountInput } from './money.js';
import { isoToLocalInput, localInputToIso, nowLocalInput } from './time.js';

export const FIELDS = ['amount', 'direction', 'occurred_at', 'merchant', 'platform', 'category', 'payment_method', 'memo', 'order_no'];
export const DIRECTIONS = ['expense', 'income', 'refund', 'transfer'];
export const PLATFORMS = ['微信支付', '支付宝', '云闪付', '美团', '京东', '滴滴出行', '拼多多', '抖音支付', '银行卡', '现金'];
export const LOW_CONFIDENCE = 0.6;

// Fields a record cannot be saved without; empty, they are marked even when the reader said nothing.
const REQUIRED = ['amount', 'occurred_at', 'direction'];

let categories = ['餐饮', '交通', '购物', '日用', '住房', '通讯', '娱乐', '医疗', '教育', '人情', '收入', '其他'];
let editorCount = 0;

/** Replace the owner's category list (from /api/categories). */
export function setCategories(list) {
  if (Array.isArray(list) && list.length) categories = list.filter((c) => typeof c === 'string' && c);
}

/** The owner's category list. */
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
    option.textContent = name;
    select.append(option);
  }
  select.value = current || '';
}

/** Build an editor for `fields`, marking fields whose `confidence` is low; returns its element and methods. */
export function createFieldEditor(fields, { confidence = null } = {}) {
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

  /** Mark (visibly and for screen readers) the fields recognized with low confidence. */
  function markConfidence(scores) {
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
      if (low) control.setAttribute('aria-description', t('f.lowSr'));
      else control.removeAttribute('aria-description');
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
    for (const name of FIELDS) {
      const { control } = rows[name];
      if (control.hasAttribute('aria-description')) control.setAttribute('aria-description', t('f.lowSr'));
    }
  }

  for (const name of FIELDS) rows[name].control.addEventListener('input', () => setError(name, null));
  setValues(fields);
  markConfidence(confidence);
  return { element: root, setValues, read, markConfidence, focusFirstError, setDisabled, relang, control: (name) => rows[name].control };
}

/** Fill the platform <datalist> shared by all editors. */
export function fillPlatformList(datalist) {
  datalist.replaceChildren();
  for (const name of PLATFORMS) {
    const option = document.createElement('option');
    option.value = name;
    datalist.append(option);
  }
}
