// The figure cards of the 统计 screen: totals and forecast, trend, category and platform shares, the spending heat
// map, top merchants and unusual payments. Each draws into `parent` and queues its chart on `ctx.pending`.

import { el } from '../dom.js';
import { categoryName, platformName } from '../fields.js';
import { getLang, t } from '../i18n.js';
import { formatAmount } from '../money.js';
import { trendOption } from './charts.js';

/** A card section with a heading. */
export function card(titleKey, extraClass = '') {
  const section = el('section', `card st-card ${extraClass}`.trim());
  section.append(el('h2', 'label st-title', t(titleKey)));
  return section;
}

/** Whether the statistics are of this month so far, the span the forecast's daily pace is measured over. */
function isForecastMonth(data) {
  return data.from === `${data.forecast.month}-01` && data.to.slice(0, 7) === data.forecast.month;
}

/**
 * The month's forecast in words. Over this month it names its usual daily pace; over any other period it does
 * not, so the card never shows two different per-day figures side by side (日均 of the year beside this month's
 * pace). What the anomaly detector called unusual is left out of the pace, and the sentence says so.
 */
function forecastText(data) {
  const f = data.forecast;
  const vars = { pace: formatAmount(f.daily_pace), projected: formatAmount(f.projected), last: formatAmount(f.last_month) };
  let text = t(isForecastMonth(data) ? 'stats.forecast' : 'stats.forecastMonth', vars);
  const left = f.left_out || { count: 0 };
  if (left.count) text += ` ${t('stats.forecastLeftOut', { n: left.count, amount: formatAmount(left.amount) })}`;
  return text;
}

/** Spent, income, balance, per day (over how many days); the refund / transfer note and the month's forecast. */
export function renderTotals(parent, data) {
  const totals = data.totals;
  const section = el('section', 'card st-totals');
  for (const [label, value, cls] of [
    [t('stats.expense'), totals.expense, 'st-expense'],
    [t('stats.income'), totals.income, 'st-income'],
    [t('stats.balance'), totals.balance, ''],
    [t('stats.dailyOver', { n: totals.days }), totals.daily_average, 'st-daily'],
  ]) {
    const cell = el('div', 'st-total');
    cell.append(el('p', 'label', label), el('p', `mid money ${cls}`.trim(), formatAmount(value)));
    section.append(cell);
  }
  section.append(el('p', 'small muted st-note', t('stats.refundNote', { refund: formatAmount(totals.refund), transfer: formatAmount(totals.transfer) })));
  section.append(el('p', 'small st-forecast', forecastText(data)));
  parent.append(section);
}

/** The trend line with its 按日 / 按周 / 按月 switch (`ctx.state.unit`). */
export function renderTrend(parent, data, ctx) {
  const section = card('stats.trend');
  const units = el('div', 'st-units');
  units.setAttribute('role', 'group');
  units.setAttribute('aria-label', t('stats.trend'));
  const chart = ctx.charts.box(section, 'stats.trend', trendOption(data.trend[ctx.state.unit]));
  for (const [unit, key] of [['day', 'stats.byDay'], ['week', 'stats.byWeek'], ['month', 'stats.byMonth']]) {
    const button = el('button', 'st-unit', t(key));
    button.type = 'button';
    button.setAttribute('aria-pressed', String(unit === ctx.state.unit));
    button.addEventListener('click', () => {
      ctx.state.unit = unit;
      for (const other of units.children) other.setAttribute('aria-pressed', String(other === button));
      const drawn = ctx.charts.find(chart.box);
      if (drawn) drawn.setOption(trendOption(data.trend[unit]), { replaceMerge: ['series', 'xAxis'] });
    });
    units.append(button);
  }
  section.insertBefore(units, chart.box);
  ctx.pending.push(chart);
  parent.append(section);
}

/** How a share's stored name reads: a category or platform in the page's language, a merchant as it is. */
function shownName(name, kind) {
  if (kind === 'category') return categoryName(name);
  if (!name) return t('stats.unknown');
  return kind === 'platform' ? platformName(name) : name;
}

/** Rows of name · amount · share; a tap filters the records to that name (`filterKey`), when there is one. */
function shareList(items, filterKey, ctx) {
  const list = el('ol', 'st-list');
  for (const item of items) {
    const li = el('li', 'st-row');
    const name = shownName(item.name, filterKey);
    const button = el('button', 'st-row-btn');
    button.type = 'button';
    button.append(el('span', 'st-row-name', name), el('span', 'st-row-value money', formatAmount(item.amount)),
      el('span', 'st-row-share small muted', `${(item.share * 100).toFixed(1)}%`));
    if (filterKey && item.name) button.addEventListener('click', () => ctx.filterTo({ [filterKey]: item.name }));
    else button.disabled = true;
    li.append(button);
    list.append(li);
  }
  return list;
}

/** The category ring and its list. */
export function renderCategories(parent, data, ctx) {
  const section = card('stats.byCategory');
  if (!data.by_category.length) {
    section.append(el('p', 'small muted', t('stats.empty')));
  } else {
    section.append(el('p', 'small muted', t('stats.tapHint')));
    ctx.pending.push(ctx.charts.box(section, 'stats.byCategory', {
      tooltip: { trigger: 'item', formatter: (p) => `${p.name}\n${formatAmount(p.data.amount)} · ${p.percent}%` },
      series: [{
        type: 'pie',
        radius: ['40%', '70%'],
        avoidLabelOverlap: true,
        label: { formatter: '{b}' },
        data: data.by_category.map((c) => ({ name: categoryName(c.name), value: Number(c.amount), amount: c.amount, filter: c.name })),
      }],
    }, (params) => {
      if (params.data && params.data.filter) ctx.filterTo({ category: params.data.filter });
    }));
    section.append(shareList(data.by_category, 'category', ctx));
  }
  parent.append(section);
}

/** The platform bars and their list. */
export function renderPlatforms(parent, data, ctx) {
  const section = card('stats.byPlatform');
  if (!data.by_platform.length) {
    section.append(el('p', 'small muted', t('stats.empty')));
  } else {
    const items = [...data.by_platform].reverse();
    ctx.pending.push(ctx.charts.box(section, 'stats.byPlatform', {
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', formatter: (p) => `${p.name}\n${formatAmount(p.data.amount)}` },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: items.map((p) => shownName(p.name, 'platform')) },
      series: [{
        type: 'bar',
        data: items.map((p) => ({ value: Number(p.amount), amount: p.amount, filter: p.name })),
        barMaxWidth: 22,
      }],
    }, (params) => {
      if (params.data && params.data.filter) ctx.filterTo({ platform: params.data.filter });
    }, 'st-chart st-chart-short'));
    section.append(shareList(data.by_platform, 'platform', ctx));
  }
  parent.append(section);
}

// Pale to deep green: the emptiest spending hour still stands out from the card, the busiest reads at once.
const HEAT_COLORS = ['#d6ece0', '#7fc49b', '#2e8b57', '#0b4f2c'];

/**
 * Where the heat map's colour scale ends: the amount nine in ten cells stay under, so one large payment does not
 * leave every other hour the palest shade (the cells above it take the deepest colour).
 */
function heatScaleTop(amounts) {
  const sorted = [...amounts].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(0.9 * (sorted.length - 1))] || sorted[sorted.length - 1] : 0;
}

/** The heat map's scale under it: the colour ramp and the amounts at its ends and middle, as text ("+" when
 * larger amounts share the deepest colour). */
function heatLegend(top, capped) {
  const legend = el('div', 'st-heat-legend small');
  const scale = el('span', 'st-heat-scale');
  scale.setAttribute('aria-hidden', 'true');
  scale.style.background = `linear-gradient(to right, ${HEAT_COLORS.join(', ')})`;
  const amounts = [0, top / 2, top].map((v) => el('span', 'st-heat-value money', formatAmount(v.toFixed(2))));
  if (capped) amounts[2].textContent += '+';
  const values = el('span', 'st-heat-values');
  values.append(...amounts);
  legend.append(el('span', 'st-heat-caption muted', t('stats.heatScale')), scale, values);
  return legend;
}

/** Spending by weekday × hour, with a colour scale whose amounts are written out. */
export function renderHeatmap(parent, data, ctx) {
  const section = card('stats.heatmap');
  const days = t('stats.weekdays').split(',');
  const hours = Array.from({ length: 24 }, (_, h) => String(h));
  const cells = data.heatmap.map((c) => [c.hour, c.weekday, Number(c.amount), c.amount, c.count]);
  const most = cells.reduce((max, c) => Math.max(max, c[2]), 0);
  const top = heatScaleTop(cells.map((c) => c[2]));
  ctx.pending.push(ctx.charts.box(section, 'stats.heatmap', {
    grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p) => `${days[p.data[1]]} ${t('stats.hourLabel', { h: p.data[0] })}\n${formatAmount(p.data[3])} · ${t('stats.count', { n: p.data[4] })}`,
    },
    xAxis: { type: 'category', data: hours, splitArea: { show: true } },
    yAxis: { type: 'category', data: days, inverse: true, splitArea: { show: true } },
    // The colour follows the amount (dimension 2), not the last dimension (the count), which is ECharts' default.
    visualMap: { min: 0, max: top || 1, dimension: 2, show: false, inRange: { color: HEAT_COLORS } },
    series: [{ type: 'heatmap', data: cells, emphasis: { itemStyle: { borderWidth: 1 } } }],
  }));
  if (top > 0) section.append(heatLegend(top, most > top));
  parent.append(section);
}

/** The merchants spent at most. */
export function renderMerchants(parent, data, ctx) {
  const section = card('stats.topMerchants');
  if (!data.top_merchants.length) section.append(el('p', 'small muted', t('stats.empty')));
  else section.append(shareList(data.top_merchants, null, ctx));
  parent.append(section);
}

/** Payments far above their usual amount, in the page's language. */
export function renderAnomalies(parent, data) {
  const section = card('stats.anomalies');
  if (!data.anomalies.length) {
    section.append(el('p', 'small muted', t('stats.noAnomalies')));
  } else {
    const list = el('ul', 'st-anomalies');
    for (const item of data.anomalies) {
      const li = el('li', 'st-anomaly');
      li.append(el('p', null, item.message[getLang()] || item.message.zh));
      list.append(li);
    }
    section.append(list);
  }
  parent.append(section);
}
