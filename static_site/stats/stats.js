// The 统计 screen: totals, forecast, budget gauges, trend, category pie, platform bars, heat map, top merchants
// and unusual payments, drawn from one GET /api/stats document. ECharts is loaded here, lazily, never on first load.
// No innerHTML anywhere: every text a person or a bill wrote goes in with textContent, and chart tooltips are
// drawn on the canvas (renderMode 'richText'), so they never become HTML either.

import { addDays, todayIso } from '../js/time.js';

const ECHARTS_URL = new URL('../vendor/echarts/echarts.esm.min.js', import.meta.url).href;
const CSS_URL = new URL('./stats.css', import.meta.url).href;

const STRINGS = {
  zh: {
    'stats.period': '统计区间',
    'stats.week': '本周',
    'stats.month': '本月',
    'stats.year': '今年',
    'stats.custom': '自定义',
    'stats.from': '开始日期',
    'stats.to': '结束日期',
    'stats.apply': '查看',
    'stats.loading': '正在统计…',
    'stats.loadFailed': '统计加载失败：{message}',
    'stats.chartsFailed': '图表组件加载失败，下面只显示数字。',
    'stats.expense': '支出',
    'stats.income': '收入',
    'stats.balance': '结余',
    'stats.daily': '日均支出',
    'stats.refundNote': '已扣除退款 {refund}；转账 {transfer} 不计入收支',
    'stats.forecast': '按目前每天 {pace} 的速度，本月预计支出 {projected}（上月 {last}）。',
    'stats.budgets': '预算',
    'stats.noBudgets': '还没有设置预算。',
    'stats.overall': '总预算',
    'stats.budgetLeft': '剩余 {left} / {amount}',
    'stats.budgetOver': '已超支 {over}',
    'stats.lastsMonth': '按目前速度够用到月底',
    'stats.lastsDays': '按目前速度还能用 {days} 天（约到 {date}）',
    'stats.lastsNone': '本月还没有支出',
    'stats.editBudgets': '设置每月预算',
    'stats.budgetOverall': '每月总预算',
    'stats.budgetSave': '保存预算',
    'stats.budgetSaved': '预算已保存',
    'stats.budgetHint': '留空表示不设预算',
    'stats.trend': '收支趋势',
    'stats.byDay': '按日',
    'stats.byWeek': '按周',
    'stats.byMonth': '按月',
    'stats.byCategory': '分类占比',
    'stats.byPlatform': '支付平台',
    'stats.heatmap': '什么时候花钱',
    'stats.topMerchants': '常去商户',
    'stats.anomalies': '异常支出',
    'stats.noAnomalies': '这段时间没有明显异常的支出。',
    'stats.empty': '这段时间没有支出。',
    'stats.tapHint': '点图中的一块查看对应账单',
    'stats.count': '{n} 笔',
    'stats.uncategorized': '未分类',
    'stats.unknown': '未知',
    'stats.weekdays': '周一,周二,周三,周四,周五,周六,周日',
    'stats.hourLabel': '{h}时',
    'stats.chartLabel': '{title}图表，数据见下方列表',
  },
  en: {
    'stats.period': 'Period',
    'stats.week': 'This week',
    'stats.month': 'This month',
    'stats.year': 'This year',
    'stats.custom': 'Custom',
    'stats.from': 'From',
    'stats.to': 'To',
    'stats.apply': 'Show',
    'stats.loading': 'Counting…',
    'stats.loadFailed': 'Statistics failed to load: {message}',
    'stats.chartsFailed': 'The chart library failed to load; showing the figures only.',
    'stats.expense': 'Spent',
    'stats.income': 'Income',
    'stats.balance': 'Balance',
    'stats.daily': 'Per day',
    'stats.refundNote': 'Refunds of {refund} deducted; transfers of {transfer} not counted',
    'stats.forecast': 'At the current {pace} a day, this month ends at {projected} (last month {last}).',
    'stats.budgets': 'Budgets',
    'stats.noBudgets': 'No budget set yet.',
    'stats.overall': 'Overall',
    'stats.budgetLeft': '{left} left of {amount}',
    'stats.budgetOver': 'Over by {over}',
    'stats.lastsMonth': 'Lasts the month at this pace',
    'stats.lastsDays': 'Lasts {days} more days at this pace (until about {date})',
    'stats.lastsNone': 'Nothing spent this month yet',
    'stats.editBudgets': 'Set monthly budgets',
    'stats.budgetOverall': 'Monthly budget overall',
    'stats.budgetSave': 'Save budgets',
    'stats.budgetSaved': 'Budgets saved',
    'stats.budgetHint': 'Leave empty for no budget',
    'stats.trend': 'Trend',
    'stats.byDay': 'Daily',
    'stats.byWeek': 'Weekly',
    'stats.byMonth': 'Monthly',
    'stats.byCategory': 'By category',
    'stats.byPlatform': 'By platform',
    'stats.heatmap': 'When the money goes',
    'stats.topMerchants': 'Top merchants',
    'stats.anomalies': 'Unusual payments',
    'stats.noAnomalies': 'Nothing unusual in this period.',
    'stats.empty': 'No spending in this period.',
    'stats.tapHint': 'Tap a slice or bar to see its records',
    'stats.count': '{n} payments',
    'stats.uncategorized': 'Uncategorized',
    'stats.unknown': 'Unknown',
    'stats.weekdays': 'Mon,Tue,Wed,Thu,Fri,Sat,Sun',
    'stats.hourLabel': '{h}:00',
    'stats.chartLabel': '{title} chart; the figures are listed below',
  },
};

/** 'en' or 'zh', from the page's html lang (the i18n module keeps it current). */
export function pageLang() {
  return (document.documentElement.lang || 'zh').toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** A translator that asks the page's `t` first and falls back to this module's own strings. */
export function translator(t) {
  return (key, vars) => {
    const fromPage = typeof t === 'function' ? t(key, vars) : key;
    if (fromPage && fromPage !== key) return fromPage;
    const text = STRINGS[pageLang()][key] ?? STRINGS.zh[key] ?? key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
  };
}

/** "1234.5" or "-20.00" (wire strings) → "¥1,234.50" / "-¥20.00", without floating point. */
export function money(text) {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(text ?? '').trim());
  if (!match) return '—';
  const whole = match[2].replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${match[1]}¥${whole}.${(match[3] || '').padEnd(2, '0')}`;
}

/** Create an element with a class and text (textContent only). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** Make sure stats.css is on the page once. */
function ensureStyles() {
  if (document.querySelector(`link[data-snapledger-stats]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = CSS_URL;
  link.dataset.snapledgerStats = '';
  document.head.append(link);
}

let echartsPromise = null;

/** The ECharts module, imported the first time a chart is drawn. */
function loadEcharts() {
  if (!echartsPromise) {
    echartsPromise = import(ECHARTS_URL).catch((error) => {
      echartsPromise = null;
      throw error;
    });
  }
  return echartsPromise;
}

/** The inclusive {from, to} days of a named period, in the ledger's time zone. */
export function periodRange(name, today = todayIso()) {
  if (name === 'week') {
    const [y, m, d] = today.split('-').map(Number);
    const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
    return { from: addDays(today, -weekday), to: today };
  }
  if (name === 'year') return { from: `${today.slice(0, 4)}-01-01`, to: today };
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** The trend granularity that reads best for a range of `days`. */
export function defaultUnit(days) {
  if (days <= 45) return 'day';
  if (days <= 200) return 'week';
  return 'month';
}

/**
 * Draw the 统计 screen into `container`. `api(method, path, body)` calls /api (returns JSON, throws ApiError);
 * `t(key, vars)` translates. Returns {refresh(), destroy()}. Tapping a slice or bar dispatches
 * `snapledger:filter` on `container` with {category | platform, from, to}.
 */
export async function mountStats(container, { api, t }) {
  ensureStyles();
  const tr = translator(t);
  const charts = new Set();
  const resize = new ResizeObserver(() => charts.forEach((chart) => chart.resize()));
  const state = { period: 'month', from: null, to: null, unit: null, data: null, destroyed: false, request: 0 };

  container.replaceChildren();
  container.classList.add('st');

  // Period switch: 本周 / 本月 / 今年 / 自定义.
  const bar = el('div', 'st-periods');
  bar.setAttribute('role', 'group');
  const periodButtons = {};
  for (const name of ['week', 'month', 'year', 'custom']) {
    const button = el('button', 'st-period', null);
    button.type = 'button';
    button.dataset.period = name;
    button.dataset.key = `stats.${name}`;
    periodButtons[name] = button;
    bar.append(button);
  }
  const custom = el('form', 'st-custom');
  custom.hidden = true;
  const fromInput = el('input');
  fromInput.type = 'date';
  fromInput.id = `st-from-${Math.random().toString(36).slice(2)}`;
  const toInput = el('input');
  toInput.type = 'date';
  toInput.id = `st-to-${Math.random().toString(36).slice(2)}`;
  const fromLabel = el('label');
  fromLabel.htmlFor = fromInput.id;
  const toLabel = el('label');
  toLabel.htmlFor = toInput.id;
  const apply = el('button', 'button small-btn');
  apply.type = 'submit';
  custom.append(fromLabel, fromInput, toLabel, toInput, apply);

  const status = el('p', 'st-status small muted');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const problem = el('p', 'st-problem');
  problem.setAttribute('role', 'alert');
  problem.hidden = true;
  const body = el('div', 'st-body');
  container.append(bar, custom, status, problem, body);

  /** Label the static controls in the current language. */
  function labelControls() {
    bar.setAttribute('aria-label', tr('stats.period'));
    for (const [name, button] of Object.entries(periodButtons)) {
      button.textContent = tr(button.dataset.key);
      button.setAttribute('aria-pressed', String(state.period === name));
    }
    fromLabel.textContent = tr('stats.from');
    toLabel.textContent = tr('stats.to');
    apply.textContent = tr('stats.apply');
  }

  /** Tell the records screen to show the records behind a tapped slice or bar. */
  function filterTo(detail) {
    container.dispatchEvent(new CustomEvent('snapledger:filter', {
      bubbles: true,
      detail: { ...detail, from: state.from, to: state.to },
    }));
  }

  function disposeCharts() {
    for (const chart of charts) chart.dispose();
    charts.clear();
    resize.disconnect();
  }

  /** A card section with a heading. */
  function card(titleKey, extraClass = '') {
    const section = el('section', `card st-card ${extraClass}`.trim());
    const heading = el('h2', 'label st-title', tr(titleKey));
    section.append(heading);
    return section;
  }

  /** A chart box inside `parent`, drawn with `option` once ECharts is there. */
  function chartBox(parent, titleKey, option, onClick, className = 'st-chart') {
    const box = el('div', className);
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', tr('stats.chartLabel', { title: tr(titleKey) }));
    parent.append(box);
    return { box, option, onClick };
  }

  async function draw(pending) {
    let echarts;
    try {
      echarts = await loadEcharts();
    } catch {
      problem.textContent = tr('stats.chartsFailed');
      problem.hidden = false;
      for (const { box } of pending) box.hidden = true;
      return;
    }
    if (state.destroyed) return;
    const dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
    for (const { box, option, onClick } of pending) {
      if (!box.isConnected) continue;
      const chart = echarts.init(box, dark ? 'dark' : null, { renderer: 'canvas' });
      chart.setOption({
        backgroundColor: 'transparent',
        animationDuration: 300,
        ...option,
        // Canvas-drawn tooltips: names from bills never become HTML.
        tooltip: { ...option.tooltip, renderMode: 'richText', confine: true },
      });
      if (onClick) chart.on('click', onClick);
      charts.add(chart);
      resize.observe(box);
    }
  }

  function trendOption(points) {
    return {
      grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
      legend: { data: [tr('stats.expense'), tr('stats.income')], top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (value) => money(String(value)) },
      xAxis: { type: 'category', data: points.map((p) => p.period), boundaryGap: false },
      yAxis: { type: 'value' },
      series: [
        { name: tr('stats.expense'), type: 'line', smooth: true, showSymbol: false, data: points.map((p) => Number(p.expense)) },
        { name: tr('stats.income'), type: 'line', smooth: true, showSymbol: false, data: points.map((p) => Number(p.income)) },
      ],
    };
  }

  function renderTrend(parent, data, pending) {
    const section = card('stats.trend');
    const units = el('div', 'st-units');
    units.setAttribute('role', 'group');
    units.setAttribute('aria-label', tr('stats.trend'));
    const chart = chartBox(section, 'stats.trend', trendOption(data.trend[state.unit]));
    for (const [unit, key] of [['day', 'stats.byDay'], ['week', 'stats.byWeek'], ['month', 'stats.byMonth']]) {
      const button = el('button', 'st-unit', tr(key));
      button.type = 'button';
      button.setAttribute('aria-pressed', String(unit === state.unit));
      button.addEventListener('click', () => {
        state.unit = unit;
        for (const other of units.children) other.setAttribute('aria-pressed', String(other === button));
        const drawn = [...charts].find((c) => c.getDom() === chart.box);
        if (drawn) drawn.setOption(trendOption(data.trend[unit]), { replaceMerge: ['series', 'xAxis'] });
      });
      units.append(button);
    }
    section.insertBefore(units, chart.box);
    pending.push(chart);
    parent.append(section);
  }

  function renderTotals(parent, data) {
    const totals = data.totals;
    const section = el('section', 'card st-totals');
    for (const [key, value, cls] of [
      ['stats.expense', totals.expense, 'st-expense'],
      ['stats.income', totals.income, 'st-income'],
      ['stats.balance', totals.balance, ''],
      ['stats.daily', totals.daily_average, ''],
    ]) {
      const cell = el('div', 'st-total');
      cell.append(el('p', 'label', tr(key)), el('p', `mid money ${cls}`.trim(), money(value)));
      section.append(cell);
    }
    section.append(el('p', 'small muted st-note', tr('stats.refundNote', { refund: money(totals.refund), transfer: money(totals.transfer) })));
    const f = data.forecast;
    section.append(el('p', 'small st-forecast', tr('stats.forecast', { pace: money(f.daily_pace), projected: money(f.projected), last: money(f.last_month) })));
    parent.append(section);
  }

  function budgetText(item) {
    if (item.over) return tr('stats.budgetOver', { over: money(item.left.replace('-', '')) });
    return tr('stats.budgetLeft', { left: money(item.left), amount: money(item.amount) });
  }

  function lastsText(item) {
    if (item.over) return '';
    if (item.lasts_days === null) return tr('stats.lastsNone');
    if (!item.runs_out_on) return tr('stats.lastsMonth');
    return tr('stats.lastsDays', { days: item.lasts_days, date: item.runs_out_on });
  }

  function renderBudgets(parent, data, pending) {
    const section = card('stats.budgets');
    const list = data.budgets.budgets;
    if (!list.length) section.append(el('p', 'small muted', tr('stats.noBudgets')));
    const grid = el('div', 'st-gauges');
    for (const item of list) {
      const name = item.category || tr('stats.overall');
      const cell = el('div', `st-gauge${item.over ? ' st-over' : ''}`);
      const used = Math.round(item.used_share * 1000) / 10;
      pending.push(chartBox(cell, 'stats.budgets', {
        tooltip: { show: false },
        series: [{
          type: 'gauge',
          startAngle: 210,
          endAngle: -30,
          min: 0,
          max: 100,
          progress: { show: true, width: 10 },
          axisLine: { lineStyle: { width: 10 } },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: { show: false },
          pointer: { show: false },
          title: { show: false },
          detail: { valueAnimation: false, fontSize: 16, offsetCenter: [0, '10%'], formatter: '{value}%' },
          data: [{ value: Math.min(used, 100), name }],
          itemStyle: { color: item.over ? '#d93025' : used > 80 ? '#e8a317' : '#0b7a4b' },
        }],
      }, null, 'st-gauge-chart'));
      cell.append(el('p', 'st-gauge-name', name), el('p', 'small', budgetText(item)), el('p', 'small muted', lastsText(item)));
      grid.append(cell);
    }
    section.append(grid, budgetEditor(list));
    parent.append(section);
  }

  /** The form that sets the recurring monthly budgets (overall and per category). */
  function budgetEditor(current) {
    const details = el('details', 'st-budget-edit');
    details.append(el('summary', null, tr('stats.editBudgets')));
    const form = el('form', 'st-budget-form');
    form.noValidate = true;
    const amounts = new Map(current.filter((b) => b.recurring).map((b) => [b.category || '', b.amount]));
    const rows = [['', tr('stats.budgetOverall')]];
    const note = el('p', 'small muted', tr('stats.budgetHint'));
    const saved = el('p', 'small st-saved');
    saved.setAttribute('role', 'status');
    form.append(note);
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
    const submit = el('button', 'button primary', tr('stats.budgetSave'));
    submit.type = 'submit';
    form.append(submit, saved);
    for (const [category, labelText] of rows) addRow(category, labelText);
    api('GET', '/categories').then((answer) => {
      for (const category of answer.categories || []) {
        if (category !== '收入') addRow(category, category);
      }
    }).catch(() => {});
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const budgets = inputs
        .map((input) => ({ category: input.dataset.category || null, amount: input.value.trim().replace(/^[¥￥]/, '').replace(/,/g, '') || null }))
        .filter((b) => b.amount !== null);
      submit.disabled = true;
      saved.textContent = '';
      try {
        await api('PUT', '/budgets', { month: null, budgets });
        saved.textContent = tr('stats.budgetSaved');
        load();
      } catch (error) {
        saved.textContent = error.message;
      } finally {
        submit.disabled = false;
      }
    });
    details.append(form);
    return details;
  }

  function shareList(items, filterKey) {
    const list = el('ol', 'st-list');
    for (const item of items) {
      const li = el('li', 'st-row');
      const name = item.name || tr(filterKey === 'category' ? 'stats.uncategorized' : 'stats.unknown');
      const button = el('button', 'st-row-btn');
      button.type = 'button';
      button.append(el('span', 'st-row-name', name), el('span', 'st-row-value money', money(item.amount)),
        el('span', 'st-row-share small muted', `${(item.share * 100).toFixed(1)}%`));
      if (filterKey && item.name) button.addEventListener('click', () => filterTo({ [filterKey]: item.name }));
      else button.disabled = true;
      li.append(button);
      list.append(li);
    }
    return list;
  }

  function renderCategories(parent, data, pending) {
    const section = card('stats.byCategory');
    if (!data.by_category.length) {
      section.append(el('p', 'small muted', tr('stats.empty')));
    } else {
      section.append(el('p', 'small muted', tr('stats.tapHint')));
      pending.push(chartBox(section, 'stats.byCategory', {
        tooltip: { trigger: 'item', formatter: (p) => `${p.name}\n${money(p.data.amount)} · ${p.percent}%` },
        series: [{
          type: 'pie',
          radius: ['40%', '70%'],
          avoidLabelOverlap: true,
          label: { formatter: '{b}' },
          data: data.by_category.map((c) => ({ name: c.name || tr('stats.uncategorized'), value: Number(c.amount), amount: c.amount, filter: c.name })),
        }],
      }, (params) => {
        if (params.data && params.data.filter) filterTo({ category: params.data.filter });
      }));
      section.append(shareList(data.by_category, 'category'));
    }
    parent.append(section);
  }

  function renderPlatforms(parent, data, pending) {
    const section = card('stats.byPlatform');
    if (!data.by_platform.length) {
      section.append(el('p', 'small muted', tr('stats.empty')));
    } else {
      const items = [...data.by_platform].reverse();
      pending.push(chartBox(section, 'stats.byPlatform', {
        grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'item', formatter: (p) => `${p.name}\n${money(p.data.amount)}` },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: items.map((p) => p.name || tr('stats.unknown')) },
        series: [{
          type: 'bar',
          data: items.map((p) => ({ value: Number(p.amount), amount: p.amount, filter: p.name })),
          barMaxWidth: 22,
        }],
      }, (params) => {
        if (params.data && params.data.filter) filterTo({ platform: params.data.filter });
      }, 'st-chart st-chart-short'));
      section.append(shareList(data.by_platform, 'platform'));
    }
    parent.append(section);
  }

  function renderHeatmap(parent, data, pending) {
    const section = card('stats.heatmap');
    const days = tr('stats.weekdays').split(',');
    const hours = Array.from({ length: 24 }, (_, h) => String(h));
    const cells = data.heatmap.map((c) => [c.hour, c.weekday, Number(c.amount), c.amount, c.count]);
    const top = cells.reduce((max, c) => Math.max(max, c[2]), 0);
    pending.push(chartBox(section, 'stats.heatmap', {
      grid: { left: 8, right: 8, top: 8, bottom: 40, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p) => `${days[p.data[1]]} ${tr('stats.hourLabel', { h: p.data[0] })}\n${money(p.data[3])} · ${tr('stats.count', { n: p.data[4] })}`,
      },
      xAxis: { type: 'category', data: hours, splitArea: { show: true } },
      yAxis: { type: 'category', data: days, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max: top || 1, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 80, text: ['', ''], show: top > 0 },
      series: [{ type: 'heatmap', data: cells, emphasis: { itemStyle: { borderWidth: 1 } } }],
    }));
    parent.append(section);
  }

  function renderMerchants(parent, data) {
    const section = card('stats.topMerchants');
    if (!data.top_merchants.length) section.append(el('p', 'small muted', tr('stats.empty')));
    else section.append(shareList(data.top_merchants, null));
    parent.append(section);
  }

  function renderAnomalies(parent, data) {
    const section = card('stats.anomalies');
    if (!data.anomalies.length) {
      section.append(el('p', 'small muted', tr('stats.noAnomalies')));
    } else {
      const list = el('ul', 'st-anomalies');
      for (const item of data.anomalies) {
        const li = el('li', 'st-anomaly');
        li.append(el('p', null, item.message[pageLang()] || item.message.zh));
        list.append(li);
      }
      section.append(list);
    }
    parent.append(section);
  }

  function render(data) {
    disposeCharts();
    const fresh = el('div', 'st-body');
    const pending = [];
    renderTotals(fresh, data);
    renderBudgets(fresh, data, pending);
    renderTrend(fresh, data, pending);
    renderCategories(fresh, data, pending);
    renderPlatforms(fresh, data, pending);
    renderHeatmap(fresh, data, pending);
    renderMerchants(fresh, data);
    renderAnomalies(fresh, data);
    body.replaceChildren(...fresh.children);
    return draw(pending);
  }

  async function load() {
    const request = ++state.request;
    status.textContent = tr('stats.loading');
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
      problem.textContent = tr('stats.loadFailed', { message: error.message || '' });
      problem.hidden = false;
    }
  }

  function choose(period) {
    state.period = period;
    custom.hidden = period !== 'custom';
    labelControls();
    if (period === 'custom') {
      fromInput.value = fromInput.value || state.from;
      toInput.value = toInput.value || state.to;
      fromInput.focus();
      return;
    }
    Object.assign(state, periodRange(period), { unit: null });
    load();
  }

  bar.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-period]');
    if (button) choose(button.dataset.period);
  });
  custom.addEventListener('submit', (event) => {
    event.preventDefault();
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
      disposeCharts();
      container.replaceChildren();
      container.classList.remove('st');
    },
  };
}
