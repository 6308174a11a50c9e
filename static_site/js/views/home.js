// 首页: this month's spending and income, today against yesterday, budgets (warning from 80% and past the limit),
// top categories, drafts waiting for review.

import { api } from '../api.js';
import { byId, cloneTemplate, showError } from '../dom.js';
import { categoryName } from '../fields.js';
import { setText, t } from '../i18n.js';
import { formatAmount, formatCents, toCents } from '../money.js';
import { shortDateTime, todayIso } from '../time.js';
import './strings.js';

let lastSummary = null;
let lastDrafts = null;
let lastBudgets = null;
let refreshTimer = 0;
const INBOX_REFRESH_MS = 3000;

/** Put the summary figures on the cards. */
function renderSummary(summary) {
  const month = summary.month || {};
  byId('month-expense').textContent = formatAmount(month.expense);
  byId('month-income').textContent = formatAmount(month.income);
  setText(byId('month-count'), 'home.count', { n: month.count ?? 0 });
  const today = summary.today || {};
  const yesterday = summary.yesterday || {};
  byId('today-expense').textContent = formatAmount(today.expense);
  byId('yesterday-expense').textContent = formatAmount(yesterday.expense);
  setText(byId('today-count'), 'home.dayCount', { n: today.count ?? 0 });
  setText(byId('yesterday-count'), 'home.dayCount', { n: yesterday.count ?? 0 });
  const a = toCents(today.expense);
  const b = toCents(yesterday.expense);
  const delta = byId('today-delta');
  if (a === null || b === null) {
    delta.textContent = '';
  } else if (a === b) {
    setText(delta, 'home.same');
  } else {
    setText(delta, a > b ? 'home.more' : 'home.less', { amount: formatCents(Math.abs(a - b)) });
  }
  delta.className = `delta small ${a > b ? 'up' : 'down'}`;
  const bars = byId('top-cats');
  const top = Array.isArray(summary.top_categories) ? summary.top_categories : [];
  bars.replaceChildren(...top.slice(0, 5).map(bar));
  byId('top-empty').hidden = top.length > 0;
}

/** One category bar; its width is set through the CSSOM, which the CSP allows. */
function bar(entry) {
  const li = cloneTemplate('tpl-bar');
  const share = Math.max(0, Math.min(1, Number(entry.share) || 0));
  li.querySelector('.bar-name').textContent = categoryName(entry.category);
  li.querySelector('.bar-fill').style.width = `${Math.round(share * 100)}%`;
  li.querySelector('.bar-value').textContent = `${formatAmount(entry.amount)} · ${Math.round(share * 100)}%`;
  return li;
}

/** Render this month's budgets, the ones that warn first (over, then near), then by how much is used. */
function renderBudgets(answer) {
  const items = Array.isArray(answer.budgets) ? [...answer.budgets] : [];
  const rank = { over: 0, near: 1 };
  items.sort((a, b) => (rank[a.warning] ?? 2) - (rank[b.warning] ?? 2) || (b.used_share || 0) - (a.used_share || 0));
  byId('home-budgets').replaceChildren(...items.map(budgetRow));
  byId('budgets-empty').hidden = items.length > 0;
}

/** One budget: its name, a warning word when near or over (the server's budgets.warning), a bar and the figures. */
function budgetRow(item) {
  const li = cloneTemplate('tpl-budget');
  const warning = item.warning === 'over' || item.warning === 'near' ? item.warning : null;
  if (warning) li.classList.add(`budget-${warning}`);
  li.querySelector('.budget-name').textContent = item.category ? categoryName(item.category) : t('home.budgetOverall');
  const flag = li.querySelector('.budget-flag');
  flag.hidden = !warning;
  if (warning) setText(flag, warning === 'over' ? 'home.budgetPassed' : 'home.budgetNear');
  const used = Math.max(0, Math.min(1, Number(item.used_share) || 0));
  li.querySelector('.budget-fill').style.width = `${Math.round(used * 100)}%`;
  const left = String(item.left || '');
  const figures = { spent: formatAmount(item.spent), amount: formatAmount(item.amount) };
  if (left.startsWith('-')) setText(li.querySelector('.budget-text'), 'home.budgetOver', { ...figures, over: formatAmount(left.slice(1)) });
  else setText(li.querySelector('.budget-text'), 'home.budgetLeft', { ...figures, left: formatAmount(left) });
  return li;
}

/** Render the inbox of drafts waiting for a person. */
function renderInbox(drafts) {
  const list = byId('inbox');
  list.replaceChildren(...drafts.map(inboxItem));
  byId('inbox-empty').hidden = drafts.length > 0;
}

/** One inbox row linking to the draft's review screen. */
function inboxItem(draft) {
  const li = cloneTemplate('tpl-inbox-item');
  const link = li.querySelector('.inbox-link');
  link.href = `#/review/${encodeURIComponent(draft.id)}`;
  const items = Array.isArray(draft.items) ? draft.items : [];
  const first = items[0] ? items[0].fields || {} : {};
  const title = items.length
    ? [formatAmount(first.amount), first.merchant || t('home.noMerchant')].join(' · ')
    : shortDateTime(draft.created_at);
  li.querySelector('.inbox-title').textContent = title;
  const sub = [];
  if (items.length > 1) sub.push(t('home.items', { n: items.length }));
  if (items.length && first.occurred_at) sub.push(shortDateTime(first.occurred_at));
  li.querySelector('.inbox-dup').hidden = !draft.likely_duplicate;
  const state = li.querySelector('.inbox-state');
  setText(state, `st.${draft.status}`);
  state.classList.add(`st-${draft.status}`);
  const img = li.querySelector('.inbox-thumb');
  if (draft.image_url) {
    // Shown once it has loaded (a hidden lazy image would never load); a picture that cannot load leaves no frame.
    img.addEventListener('load', () => img.classList.add('loaded'), { once: true });
    img.addEventListener('error', () => { img.hidden = true; }, { once: true });
    img.src = draft.image_url;
  } else {
    img.hidden = true;
  }
  // A failed draft is known by its picture and its file name, not only by "没能识别".
  if (draft.status === 'failed' && draft.filename) sub.unshift(draft.filename);
  li.querySelector('.inbox-sub').textContent = sub.join(' · ');
  return li;
}

/** Load the summary and the inbox side by side. */
export async function show() {
  const summary = api('GET', `/summary?date=${todayIso()}`)
    .then((s) => {
      lastSummary = s;
      renderSummary(s);
    })
    .catch((error) => {
      // The inbox still matters when the summary is unavailable.
      if (error.status === 404) setText(byId('top-empty'), 'home.summaryUnavailable');
      else showError(error.message);
      byId('top-empty').hidden = false;
    });
  const inbox = loadInbox().catch((error) => showError(error.message));
  const budgets = api('GET', '/budgets')
    .then((answer) => {
      lastBudgets = answer;
      renderBudgets(answer);
    })
    .catch((error) => showError(error.message));
  await Promise.all([summary, inbox, budgets]);
}

/** Fetch the inbox; while something is still being read, look again in a few seconds. */
async function loadInbox() {
  clearTimeout(refreshTimer);
  const answer = await api('GET', '/drafts?status=open');
  lastDrafts = Array.isArray(answer.drafts) ? answer.drafts : [];
  renderInbox(lastDrafts);
  if (lastDrafts.some((d) => d.status === 'recognizing') && !byId('view-home').hidden) {
    refreshTimer = setTimeout(() => loadInbox().catch(() => {}), INBOX_REFRESH_MS);
  }
}

/** Leave the screen: stop refreshing the inbox. */
export function hide() {
  clearTimeout(refreshTimer);
}

/** Re-render formatted parts after a language switch. */
export function relang() {
  if (lastSummary) renderSummary(lastSummary);
  if (lastDrafts) renderInbox(lastDrafts);
  if (lastBudgets) renderBudgets(lastBudgets);
}
