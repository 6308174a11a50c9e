// The 统计 screen: the period switch and one GET /api/stats document drawn as cards (cards.js, budgets.js) with
// charts (charts.js). No innerHTML anywhere: every text a person or a bill wrote goes in with textContent.

import { api as pageApi } from '../api.js';
import { el, ensureStylesheet } from '../dom.js';
import { t } from '../i18n.js';
import { renderBudgets } from './budgets.js';
import {
  renderAnomalies, renderCategories, renderHeatmap, renderMerchants, renderPlatforms, renderTotals, renderTrend,
} from './cards.js';
import { ChartSet } from './charts.js';
import { defaultUnit, periodRange } from './periods.js';
import './strings.js';

export { defaultUnit, periodRange };

const CSS_URL = new URL('../../css/stats.css', import.meta.url).href;

/** The 本周 / 本月 / 今年 / 自定义 switch and the custom range form. */
function periodControls() {
  const bar = el('div', 'st-periods');
  bar.setAttribute('role', 'group');
  const buttons = {};
  for (const name of ['week', 'month', 'year', 'custom']) {
    const button = el('button', 'st-period');
    button.type = 'button';
    button.dataset.period = name;
    buttons[name] = button;
    bar.append(button);
  }
  const custom = el('form', 'st-custom');
  custom.hidden = true;
  const inputs = {};
  for (const name of ['from', 'to']) {
    const input = el('input');
    input.type = 'date';
    input.id = `st-${name}-${Math.random().toString(36).slice(2)}`;
    const label = el('label');
    label.htmlFor = input.id;
    label.dataset.key = `stats.${name}`;
    inputs[name] = input;
    custom.append(label, input);
  }
  const apply = el('button', 'button small-btn');
  apply.type = 'submit';
  custom.append(apply);
  return { bar, buttons, custom, inputs, apply };
}

/**
 * Draw the 统计 screen into `container`. `api(method, path, body)` calls /api (the page's own by default).
 * Returns {refresh(), destroy()}. Tapping a slice or bar dispatches `snapledger:filter` on `container` with
 * {category | platform, from, to}.
 */
export async function mountStats(container, { api = pageApi } = {}) {
  ensureStylesheet(CSS_URL);
  const charts = new ChartSet();
  const state = { period: 'month', from: null, to: null, unit: null, data: null, destroyed: false, request: 0 };
  const controls = periodControls();

  container.replaceChildren();
  container.classList.add('st');
  const status = el('p', 'st-status small muted');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const problem = el('p', 'st-problem');
  problem.setAttribute('role', 'alert');
  problem.hidden = true;
  const body = el('div', 'st-body');
  container.append(controls.bar, controls.custom, status, problem, body);

  /** Label the static controls in the current language. */
  function labelControls() {
    controls.bar.setAttribute('aria-label', t('stats.period'));
    for (const [name, button] of Object.entries(controls.buttons)) {
      button.textContent = t(`stats.${name}`);
      button.setAttribute('aria-pressed', String(state.period === name));
    }
    for (const label of controls.custom.querySelectorAll('label')) label.textContent = t(label.dataset.key);
    controls.apply.textContent = t('stats.apply');
  }

  const ctx = {
    api,
    charts,
    state,
    pending: [],
    reload: () => load(),
    /** Tell the records screen to show the records behind a tapped slice or bar. */
    filterTo(detail) {
      container.dispatchEvent(new CustomEvent('snapledger:filter', {
        bubbles: true,
        detail: { ...detail, from: state.from, to: state.to },
      }));
    },
  };

  async function render(data) {
    charts.dispose();
    const fresh = el('div', 'st-body');
    ctx.pending = [];
    renderTotals(fresh, data);
    renderBudgets(fresh, data, ctx);
    renderTrend(fresh, data, ctx);
    renderCategories(fresh, data, ctx);
    renderPlatforms(fresh, data, ctx);
    renderHeatmap(fresh, data, ctx);
    renderMerchants(fresh, data, ctx);
    renderAnomalies(fresh, data);
    body.replaceChildren(...fresh.children);
    const drawn = await charts.draw(ctx.pending, () => !state.destroyed);
    if (!drawn) {
      problem.textContent = t('stats.chartsFailed');
      problem.hidden = false;
    }
  }

  async function load() {
    const request = ++state.request;
    status.textContent = t('stats.loading');
    problem.hidden = true;
    try {
      const data = await api('GET', `/stats?from=${encodeURIComponent(state.from)}&to=${encodeURIComponent(state.to)}`);
      if (state.destroyed || request !== state.request) return;
      state.data = data;
      if (!state.unit) state.unit = defaultUnit(data.totals.days);
      status.textContent = `${data.from} – ${data.to}`;
      await render(data);
    } catch (error) {
      if (state.destroyed || request !== state.request) return;
      status.textContent = '';
      problem.textContent = t('stats.loadFailed', { message: error.message || '' });
      problem.hidden = false;
    }
  }

  function choose(period) {
    state.period = period;
    controls.custom.hidden = period !== 'custom';
    labelControls();
    if (period === 'custom') {
      controls.inputs.from.value = controls.inputs.from.value || state.from;
      controls.inputs.to.value = controls.inputs.to.value || state.to;
      controls.inputs.from.focus();
      return;
    }
    Object.assign(state, periodRange(period), { unit: null });
    load();
  }

  controls.bar.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-period]');
    if (button) choose(button.dataset.period);
  });
  controls.custom.addEventListener('submit', (event) => {
    event.preventDefault();
    const { from: fromInput, to: toInput } = controls.inputs;
    if (!fromInput.value || !toInput.value) return;
    const [from, to] = fromInput.value <= toInput.value ? [fromInput.value, toInput.value] : [toInput.value, fromInput.value];
    Object.assign(state, { from, to, unit: null });
    load();
  });

  Object.assign(state, periodRange('month'));
  labelControls();
  await load();

  return {
    /** Fetch again and redraw in the current language (after an edit or a language switch). */
    refresh() {
      labelControls();
      return load();
    },
    /** Release the charts and observers; the container is left empty. */
    destroy() {
      state.destroyed = true;
      charts.dispose();
      container.replaceChildren();
      container.classList.remove('st');
    },
  };
}
