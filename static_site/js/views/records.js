// 账单: records grouped by day with daily totals, cursor paging on scroll, filters, edit in place, delete with undo.

import { api, query } from '../api.js';
import { knownMembers, memberName } from '../books.js';
import { announce, busy, byId, clearError, cloneTemplate, showError, snackbar } from '../dom.js';
import { setText, t } from '../i18n.js';
import { categoryName, createFieldEditor, FIELDS, getCategories, platformName, PLATFORMS } from '../fields.js';
import { formatAmount, formatCents, netTotals, signFor } from '../money.js';
import { clockOf, dayLabel, dayOf, shortDateTime } from '../time.js';
import { mountMonth, showMonth, showTotals } from './month.js';
import { clearPicks, isSelecting, markRow, mountBatch, offerMerchant, togglePick } from './batch.js';
import { exportHref as invoicesHref, invoicePanel, markRow as markInvoice } from './invoices.js';
import { tagEditor, tagLine } from './tags.js';

const PAGE_SIZE = 30;
// The list filters, as the form names them and the API reads them (records/ledger.py filter_clauses).
const FILTER_NAMES = ['q', 'from', 'to', 'category', 'tag', 'platform', 'direction', 'invoice', 'member'];

let records = [];
let cursor = null;
let loading = false;
let generation = 0;
let highlight = new Set();
let openEditor = null;
let observer = null;

/** Note records just saved elsewhere (review, manual entry) so the list highlights them. */
export function rememberSaved(saved) {
  highlight = new Set(saved.map((r) => String(r.id)));
}

/** The current filter values, as API query parameters. */
function filters() {
  const form = byId('filter-form');
  const data = new FormData(form);
  const params = {};
  for (const name of FILTER_NAMES) {
    const value = String(data.get(name) || '').trim();
    if (value) params[name] = value;
  }
  return params;
}

/** Sort newest first, the order the API pages in. */
function byNewest(a, b) {
  const ta = Date.parse(a.occurred_at) || 0;
  const tb = Date.parse(b.occurred_at) || 0;
  return tb - ta || Number(b.id) - Number(a.id);
}

/** The small grey line under a merchant: category · platform · time, and who recorded it in a shared book. */
function subline(r) {
  const by = knownMembers().length > 1 && memberName(r.recorded_by);
  const who = by ? t('records.by', { name: by }) : '';
  return [categoryName(r.category), platformName(r.platform), r.payment_method, clockOf(r.occurred_at), who, tagLine(r.tags)]
    .filter(Boolean)
    .join(' · ');
}

/** Fill a record row's button from `r`. */
function fillRow(li, r) {
  li.dataset.id = String(r.id);
  li.querySelector('.rec-merchant').textContent = r.merchant || r.memo || t(`dir.${r.direction}`);
  li.querySelector('.rec-sub').textContent = subline(r);
  const amount = li.querySelector('.rec-amount');
  amount.textContent = formatAmount(r.amount, { sign: signFor(r.direction) });
  amount.className = `rec-amount money dir-${r.direction}`;
  markInvoice(li, r);
}

/** A new list item for record `r`. */
function recordItem(r) {
  const li = cloneTemplate('tpl-record');
  fillRow(li, r);
  li.querySelector('.rec-row').addEventListener('click', () => (isSelecting() ? togglePick(li) : toggleEditor(li)));
  markRow(li);
  if (highlight.has(String(r.id))) li.classList.add('fresh');
  return li;
}

/** Write the day's totals into its heading. */
function updateDayTotals(section) {
  const day = section.dataset.day;
  const { expense, income } = netTotals(records.filter((r) => dayOf(r.occurred_at) === day));
  const el = section.querySelector('.day-total');
  if (income && expense) setText(el, 'records.dayTotalBoth', { expense: formatCents(expense), income: formatCents(income) });
  else if (income) setText(el, 'records.dayIncome', { income: formatCents(income) });
  else setText(el, 'records.dayTotal', { expense: formatCents(expense) });
}

/** The section for `day`, created at the end of the list if needed. */
function daySection(day) {
  const list = byId('records-list');
  let section = list.lastElementChild;
  if (!section || section.dataset.day !== day) {
    section = list.querySelector(`section[data-day="${day}"]`);
  }
  if (!section) {
    section = cloneTemplate('tpl-day');
    section.dataset.day = day;
    section.querySelector('.day-label').textContent = dayLabel(day);
    list.append(section);
  }
  return section;
}

/** Append records to the DOM in order, grouping by day. */
function appendRecords(page) {
  const touched = new Set();
  for (const r of page) {
    const section = daySection(dayOf(r.occurred_at));
    section.querySelector('.day-list').append(recordItem(r));
    touched.add(section);
  }
  for (const section of touched) updateDayTotals(section);
}

/** Rebuild the whole list from memory (after undo or a language switch). */
function renderAll() {
  openEditor = null;
  byId('records-list').replaceChildren();
  appendRecords(records);
  updateFooter();
}

/** Show "more", "the end" or "empty" below the list. */
function updateFooter() {
  byId('records-empty').hidden = records.length > 0 || loading;
  byId('records-more').hidden = !cursor;
  byId('records-end').hidden = Boolean(cursor) || records.length === 0;
}

/** Say on the collapsed 筛选 how many filters narrow the list, so a filtered list never passes for the whole. */
function showFilterState() {
  // A date range is one filter, however many of its ends are set.
  const names = Object.keys(filters()).filter((name) => name !== 'q').map((name) => (name === 'to' ? 'from' : name));
  const active = new Set(names).size;
  const summary = byId('filter-more').querySelector('summary');
  if (active) setText(summary, 'records.filtersOn', { n: active });
  else setText(summary, 'records.filters');
  summary.classList.toggle('filters-on', active > 0);
  byId('f-invoices-export').href = invoicesHref(filters());
}

/** Fetch the next page (or the first, after `reset`). */
async function loadMore({ reset = false } = {}) {
  if (reset) {
    showFilterState();
    showMonth();
    clearPicks();
    generation += 1;
    records = [];
    cursor = null;
    openEditor = null;
    byId('records-list').replaceChildren();
    loading = false;
  } else if (loading || !cursor) {
    return;
  }
  const mine = generation;
  loading = true;
  byId('records-list').setAttribute('aria-busy', 'true');
  try {
    const answer = await api('GET', `/records${query({ ...filters(), limit: PAGE_SIZE, cursor: reset ? null : cursor })}`);
    if (mine !== generation) return;
    if (reset) showTotals(answer.totals);
    const page = Array.isArray(answer.records) ? answer.records : [];
    records.push(...page);
    cursor = answer.next_cursor || null;
    appendRecords(page);
    if (reset && highlight.size) {
      const fresh = byId('records-list').querySelector('.rec.fresh');
      if (fresh) fresh.scrollIntoView({ block: 'center' });
      highlight = new Set();
    }
  } catch (error) {
    if (mine === generation) showError(error.message);
  } finally {
    if (mine === generation) {
      loading = false;
      byId('records-list').removeAttribute('aria-busy');
      updateFooter();
      // A short first page may leave the sentinel on screen: keep filling until it scrolls away.
      if (cursor && sentinelVisible()) loadMore();
    }
  }
}

/** Whether the infinite-scroll sentinel is within reach of the viewport. */
function sentinelVisible() {
  const view = byId('view-records');
  if (view.hidden) return false;
  return byId('records-sentinel').getBoundingClientRect().top < window.innerHeight + 400;
}

/** Open (or close) the in-place editor under a record row. */
function toggleEditor(li) {
  if (openEditor && openEditor.li === li) {
    closeEditor();
    return;
  }
  closeEditor();
  const record = records.find((r) => String(r.id) === li.dataset.id);
  if (!record) return;
  const host = li.querySelector('.rec-editor');
  const form = cloneTemplate('tpl-editor');
  const editor = createFieldEditor(record);
  const tags = tagEditor(record.tags, `rec${record.id}`);
  form.querySelector('.editor-fields').append(editor.element, tags.element);
  const invoice = invoicePanel(record, (next) => {
    const index = records.findIndex((r) => String(r.id) === String(next.id));
    if (index >= 0) records[index] = next;
    if (openEditor && openEditor.record.id === next.id) openEditor.record = next;
    fillRow(li, next);
  });
  if (invoice) form.querySelector('.editor-fields').after(invoice);
  host.replaceChildren(form);
  host.hidden = false;
  li.querySelector('.rec-row').setAttribute('aria-expanded', 'true');
  openEditor = { li, record, editor, form, tags };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form.querySelector('[type=submit]'), () => save(openEditor));
  });
  form.querySelector('.editor-cancel').addEventListener('click', () => closeEditor({ focusRow: true }));
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeEditor({ focusRow: true });
  });
  form.querySelector('.editor-delete').addEventListener('click', (event) => busy(event.currentTarget, () => remove(li)));
  form.querySelector('.conflict-mine').addEventListener('click', (event) => {
    busy(event.currentTarget, () => save(openEditor, { force: true }));
  });
  form.querySelector('.conflict-theirs').addEventListener('click', () => {
    editor.setValues(openEditor.record);
    form.querySelector('.conflict').hidden = true;
    editor.control('amount').focus();
  });
  editor.control('amount').focus();
}

/** Close the open editor, optionally returning focus to its row. */
function closeEditor({ focusRow = false } = {}) {
  if (!openEditor) return;
  const { li } = openEditor;
  const host = li.querySelector('.rec-editor');
  host.hidden = true;
  host.replaceChildren();
  li.querySelector('.rec-row').setAttribute('aria-expanded', 'false');
  openEditor = null;
  if (focusRow) li.querySelector('.rec-row').focus();
}

/** The fields that differ between the editor's values and the stored record. */
function changes(fields, record) {
  const changed = {};
  for (const name of [...FIELDS, 'currency']) {
    const before = record[name] ?? null;
    const after = fields[name] ?? null;
    if (name === 'occurred_at' ? Date.parse(before) !== Date.parse(after) : before !== after) changed[name] = after;
  }
  return changed;
}

/** Replace a record in memory and in its row. */
function replaceRecord(li, next) {
  const index = records.findIndex((r) => String(r.id) === String(next.id));
  const movedDay = index >= 0 && dayOf(records[index].occurred_at) !== dayOf(next.occurred_at);
  if (index >= 0) records[index] = next;
  if (movedDay) {
    records.sort(byNewest);
    renderAll();
  } else {
    fillRow(li, next);
    updateDayTotals(li.closest('section.day'));
  }
}

/** PATCH the edited fields with the known version; a 409 shows the current values. */
async function save(state, { force = false } = {}) {
  if (!state) return;
  clearError();
  const { li, editor, form } = state;
  const { fields, errors } = editor.read();
  if (errors.length) {
    showError(t('review.fixErrors'));
    editor.focusFirstError(errors);
    return;
  }
  const changed = changes(fields, state.record);
  const tags = state.tags.read();
  if (tags.join('\n') !== (state.record.tags || []).join('\n')) changed.tags = tags;
  if (!Object.keys(changed).length && !force) {
    announce(t('records.noChange'));
    closeEditor({ focusRow: true });
    return;
  }
  try {
    const next = await api('PATCH', `/records/${encodeURIComponent(state.record.id)}`, { ...changed, version: state.record.version });
    closeEditor();
    replaceRecord(li, next);
    refreshTotals();
    announce(t('records.saved'));
    if ('category' in changed) offerMerchant(next);
    const row = byId('records-list').querySelector(`.rec[data-id="${CSS.escape(String(next.id))}"] .rec-row`);
    if (row) row.focus();
  } catch (error) {
    if (error.status === 409 && error.body && error.body.record) {
      showConflict(state, error.body.record, fields, error.message);
    } else {
      showError(error.message);
    }
  }
}

/** Show what is saved now next to what the person typed, and let them choose. */
function showConflict(state, current, mine, message) {
  state.record = current;
  const index = records.findIndex((r) => String(r.id) === String(current.id));
  if (index >= 0) records[index] = current;
  const box = state.form.querySelector('.conflict');
  const list = box.querySelector('.conflict-list');
  list.replaceChildren();
  for (const name of FIELDS) {
    const theirs = current[name] ?? '';
    const yours = mine[name] ?? '';
    const differs = name === 'occurred_at' ? Date.parse(theirs) !== Date.parse(yours) : theirs !== yours;
    if (!differs) continue;
    const li = document.createElement('li');
    const label = document.createElement('strong');
    label.textContent = `${t(`f.${name}`)}: `;
    const shown = (value) => {
      if (!value) return t('records.empty_value');
      if (name === 'amount') return formatAmount(value);
      if (name === 'occurred_at') return shortDateTime(value);
      if (name === 'direction') return t(`dir.${value}`);
      return value;
    };
    li.append(label, document.createTextNode(`${shown(theirs)} (${t('records.conflictMine', { value: shown(yours) })})`));
    list.append(li);
  }
  box.hidden = false;
  showError(message);
  box.querySelector('.conflict-mine').focus();
}

/** Fetch the totals of the filters again after an edit, delete or undo changed what they add up to. */
async function refreshTotals() {
  const mine = generation;
  try {
    const answer = await api('GET', `/records${query({ ...filters(), limit: 1 })}`);
    if (mine === generation) showTotals(answer.totals);
  } catch {
    // The list itself is right; the totals catch up on the next load.
  }
}

/** Soft-delete a record and offer to undo it. */
async function remove(li) {
  clearError();
  const record = records.find((r) => String(r.id) === li.dataset.id);
  if (!record) return;
  try {
    await api('DELETE', `/records/${encodeURIComponent(record.id)}`);
  } catch (error) {
    showError(error.message);
    return;
  }
  closeEditor();
  records = records.filter((r) => r !== record);
  const section = li.closest('section.day');
  li.remove();
  if (!section.querySelector('.rec')) section.remove();
  else updateDayTotals(section);
  updateFooter();
  refreshTotals();
  const what = [record.merchant, formatAmount(record.amount)].filter(Boolean).join(' ');
  snackbar(t('records.deleted', { what }), { actionLabel: t('records.undo'), onAction: () => restore(record) });
}

/** Undo a delete: restore the record and put it back in place. */
async function restore(record) {
  try {
    const back = await api('POST', `/records/${encodeURIComponent(record.id)}/restore`);
    records.push(back && back.id ? back : record);
    records.sort(byNewest);
    renderAll();
    refreshTotals();
    announce(t('records.restored'));
    const row = byId('records-list').querySelector(`.rec[data-id="${CSS.escape(String(record.id))}"] .rec-row`);
    if (row) row.focus();
  } catch (error) {
    showError(error.message);
  }
}

/** Fill a filter <select> with stored names shown through `label`, keeping its "all" option. */
function fillSelect(select, names, label) {
  const keep = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const name of names) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = label(name);
    select.append(option);
  }
  select.value = names.includes(keep) ? keep : '';
}

/** Set the filter controls from another screen (e.g. statistics: {category | platform, from, to}). */
export function presetFilters(detail) {
  const form = byId('filter-form');
  for (const name of FILTER_NAMES) {
    const control = form.elements[name];
    const value = typeof detail[name] === 'string' ? detail[name] : '';
    if (control.tagName === 'SELECT' && value && ![...control.options].some((o) => o.value === value)) {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = name === 'category' ? categoryName(value) : platformName(value);
      control.append(option);
    }
    control.value = value;
  }
  byId('filter-more').open = ['from', 'to', 'category', 'platform', 'direction'].some((name) => detail[name]);
}

/** Offer the member filter (and redraw who recorded what) once the chosen book's members are known. */
export function refreshMembers() {
  const list = knownMembers();
  const select = byId('f-member');
  const keep = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const member of list) {
    const option = document.createElement('option');
    option.value = member.person;
    option.textContent = member.name;
    select.append(option);
  }
  select.value = list.some((m) => m.person === keep) ? keep : '';
  byId('f-member-field').hidden = list.length < 2;
  if (!openEditor) renderAll();
}

/** Refresh the category and platform filters (after the book's list arrives, or in another language). */
export function refreshCategories() {
  fillSelect(byId('f-category'), getCategories(), categoryName);
  fillSelect(byId('f-platform'), PLATFORMS, platformName);
}

/** Wire filters, paging and the scroll observer once. */
export function mount() {
  const form = byId('filter-form');
  refreshCategories();
  let debounce = 0;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    loadMore({ reset: true });
  });
  byId('f-q').addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => loadMore({ reset: true }), 300);
  });
  form.addEventListener('change', (event) => {
    if (event.target.id !== 'f-q') loadMore({ reset: true });
  });
  form.addEventListener('reset', () => setTimeout(() => loadMore({ reset: true }), 0));
  mountMonth(() => loadMore({ reset: true }));
  mountBatch(() => loadMore({ reset: true }));
  byId('records-select').addEventListener('click', () => closeEditor());
  byId('records-more').addEventListener('click', () => loadMore());
  if ('IntersectionObserver' in window) {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !byId('view-records').hidden) loadMore();
    }, { rootMargin: '400px 0px' });
    observer.observe(byId('records-sentinel'));
  }
}

/**
 * Leave the screen: its search and filters end with the visit. Coming back to 账单 later (from the tab bar, or after
 * a tap on a 统计 slice) shows the whole list again, as the ledger apps people know do, instead of a part of it
 * that passes for the whole. A list reached with filters (presetFilters) shows them open.
 */
export function hide() {
  const form = byId('filter-form');
  for (const name of FILTER_NAMES) form.elements[name].value = '';
  byId('filter-more').open = false;
  showFilterState();
}

/** Show the list, fetched afresh (other screens and devices may have changed it). */
export function show() {
  loadMore({ reset: true });
}

/** Re-render formatted parts (day labels) after a language switch. */
export function relang() {
  showMonth();
  const state = openEditor;
  if (!state) {
    renderAll();
    return;
  }
  // Keep an open editor (and what is typed in it): only relabel the days and rows.
  for (const section of byId('records-list').querySelectorAll('section.day')) {
    section.querySelector('.day-label').textContent = dayLabel(section.dataset.day);
  }
  state.editor.relang();
}
