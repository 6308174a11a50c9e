// The budgets card of the 统计 screen: a gauge per monthly budget, what is left and how long it lasts at this
// pace, and the form that sets the recurring budgets (overall and per category) with PUT /api/budgets.

import { el } from '../dom.js';
import { categoryName } from '../fields.js';
import { t } from '../i18n.js';
import { formatAmount } from '../money.js';
import { gaugeOption } from './charts.js';
import { card } from './cards.js';

/** "剩余 ¥40.00 / ¥500.00" or "已超支 ¥12.00". */
function budgetText(item) {
  if (item.over) return t('stats.budgetOver', { over: formatAmount(item.left.replace('-', '')) });
  return t('stats.budgetLeft', { left: formatAmount(item.left), amount: formatAmount(item.amount) });
}

/** How long the budget lasts at this month's pace. */
function lastsText(item) {
  if (item.over) return '';
  if (item.lasts_days === null) return t('stats.lastsNone');
  if (!item.runs_out_on) return t('stats.lastsMonth');
  return t('stats.lastsDays', { n: item.lasts_days, days: item.lasts_days, date: item.runs_out_on });
}

/** The budgets card: gauges for `data.budgets.budgets` and the editor. */
export function renderBudgets(parent, data, ctx) {
  const section = card('stats.budgets');
  const list = data.budgets.budgets;
  if (!list.length) section.append(el('p', 'small muted', t('stats.noBudgets')));
  const grid = el('div', 'st-gauges');
  for (const item of list) {
    const name = item.category ? categoryName(item.category) : t('stats.overall');
    const cell = el('div', `st-gauge${item.over ? ' st-over' : ''}`);
    const used = Math.round(item.used_share * 1000) / 10;
    const gauge = ctx.charts.box(cell, 'stats.budgets', gaugeOption(used, name, item.over), null, 'st-gauge-chart');
    gauge.box.setAttribute('aria-label', `${name}: ${t('stats.budgetUsed', { pct: used })}, ${budgetText(item)}`);
    ctx.pending.push(gauge);
    cell.append(
      el('p', 'st-gauge-name', name),
      el('p', 'small st-gauge-used', t('stats.budgetUsed', { pct: used })),
      el('p', 'small', budgetText(item)),
      el('p', 'small muted', lastsText(item)),
    );
    grid.append(cell);
  }
  section.append(grid, budgetEditor(list, ctx));
  parent.append(section);
}

/** What a person typed as a budget ("¥1,500") in the wire form, or null for no budget. */
function budgetAmount(text) {
  return text.trim().replace(/^[¥￥]/, '').replace(/,/g, '') || null;
}

/** The form that sets the recurring monthly budgets (overall and per category). */
function budgetEditor(current, ctx) {
  // A real button (not a line of text to guess at) that opens the form below it.
  const details = el('div', 'st-budget-edit');
  const toggle = el('button', 'button st-budget-toggle', t('stats.editBudgets'));
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'false');
  details.append(toggle);
  const form = el('form', 'st-budget-form');
  form.hidden = true;
  form.id = `st-budget-form-${Math.random().toString(36).slice(2)}`;
  toggle.setAttribute('aria-controls', form.id);
  toggle.addEventListener('click', () => {
    form.hidden = !form.hidden;
    toggle.setAttribute('aria-expanded', String(!form.hidden));
  });
  form.noValidate = true;
  const amounts = new Map(current.filter((b) => b.recurring).map((b) => [b.category || '', b.amount]));
  const saved = el('p', 'small st-saved');
  saved.setAttribute('role', 'status');
  form.append(el('p', 'small muted', t('stats.budgetHint')));
  const submit = el('button', 'button primary', t('stats.budgetSave'));
  submit.type = 'submit';
  form.append(submit, saved);
  const inputs = [];
  const addRow = (category, labelText) => {
    const id = `st-budget-${Math.random().toString(36).slice(2)}`;
    const label = el('label', null, labelText);
    label.htmlFor = id;
    const input = el('input');
    input.id = id;
    input.inputMode = 'decimal';
    input.autocomplete = 'off';
    input.value = amounts.get(category) || '';
    input.dataset.category = category;
    const row = el('div', 'st-budget-row');
    row.append(label, input);
    form.insertBefore(row, submit);
    inputs.push(input);
  };
  addRow('', t('stats.budgetOverall'));
  ctx.api('GET', '/categories').then((answer) => {
    for (const category of answer.categories || []) {
      if (category !== '收入') addRow(category, categoryName(category));
    }
    // A hidden category keeps the budget it has: shown here, so saving the form never drops it unseen.
    for (const entry of answer.hidden || []) {
      if (entry && amounts.has(entry.key)) addRow(entry.key, categoryName(entry.key));
    }
  }).catch(() => {});
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const budgets = inputs
      .map((input) => ({ category: input.dataset.category || null, amount: budgetAmount(input.value) }))
      .filter((b) => b.amount !== null);
    submit.disabled = true;
    saved.textContent = '';
    try {
      await ctx.api('PUT', '/budgets', { month: null, budgets });
      saved.textContent = t('stats.budgetSaved');
      ctx.reload();
    } catch (error) {
      saved.textContent = error.message;
    } finally {
      submit.disabled = false;
    }
  });
  details.append(form);
  return details;
}
