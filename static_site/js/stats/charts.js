// Charts for the 统计 screen: ECharts is imported the first time a chart is drawn, never on the first page load.
// Tooltips are drawn on the canvas (renderMode 'richText'), so names from bills never become HTML.

import { el } from '../dom.js';
import { t } from '../i18n.js';
import { formatAmount } from '../money.js';

const ECHARTS_URL = new URL('../../vendor/echarts/echarts.esm.min.js', import.meta.url).href;

let echartsPromise = null;

/** The ECharts module, imported once (a failed import is tried again next time). */
function loadEcharts() {
  if (!echartsPromise) {
    echartsPromise = import(ECHARTS_URL).catch((error) => {
      echartsPromise = null;
      throw error;
    });
  }
  return echartsPromise;
}

/** The charts drawn on one screen: boxes are laid out first, then drawn together once ECharts is there. */
export class ChartSet {
  constructor() {
    this.charts = new Set();
    this.resize = new ResizeObserver(() => this.charts.forEach((chart) => chart.resize()));
  }

  /** A chart box inside `parent`, to be drawn with `option`; `onClick` gets ECharts' click params. */
  box(parent, titleKey, option, onClick, className = 'st-chart') {
    const box = el('div', className);
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', t('stats.chartLabel', { title: t(titleKey) }));
    parent.append(box);
    return { box, option, onClick };
  }

  /** Draw `pending` boxes; false when the chart library could not be loaded (the figures still show). */
  async draw(pending, isLive = () => true) {
    let echarts;
    try {
      echarts = await loadEcharts();
    } catch {
      for (const { box } of pending) box.hidden = true;
      return false;
    }
    if (!isLive()) return true;
    const dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
    for (const { box, option, onClick } of pending) {
      if (!box.isConnected) continue;
      const chart = echarts.init(box, dark ? 'dark' : null, { renderer: 'canvas' });
      chart.setOption({
        backgroundColor: 'transparent',
        animationDuration: 300,
        ...option,
        tooltip: { ...option.tooltip, renderMode: 'richText', confine: true },
      });
      if (onClick) chart.on('click', onClick);
      this.charts.add(chart);
      this.resize.observe(box);
    }
    return true;
  }

  /** The drawn chart in `box`, if any. */
  find(box) {
    return [...this.charts].find((chart) => chart.getDom() === box);
  }

  /** Release every chart and observer. */
  dispose() {
    for (const chart of this.charts) chart.dispose();
    this.charts.clear();
    this.resize.disconnect();
  }
}

// About as many period labels as fit under a phone-wide chart ("2026-11-02" is some 60 px).
const TREND_LABELS = 4;

/** The expense / income line chart for trend points [{period, expense, income}]. */
export function trendOption(points) {
  const step = Math.max(1, Math.ceil(points.length / TREND_LABELS));
  return {
    grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
    legend: { data: [t('stats.expense'), t('stats.income')], top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (value) => formatAmount(String(value)) },
    // Labels are counted back from the newest period, so it is always labelled, and the first and last are aligned
    // inside the chart, so the last one is never cut at the edge.
    xAxis: {
      type: 'category',
      data: points.map((p) => p.period),
      boundaryGap: false,
      axisLabel: { interval: (index) => (points.length - 1 - index) % step === 0, alignMinLabel: 'left', alignMaxLabel: 'right' },
    },
    yAxis: { type: 'value' },
    series: [
      { name: t('stats.expense'), type: 'line', smooth: true, showSymbol: false, data: points.map((p) => Number(p.expense)) },
      { name: t('stats.income'), type: 'line', smooth: true, showSymbol: false, data: points.map((p) => Number(p.income)) },
    ],
  };
}

/** A half-ring gauge of how much of a budget is used (0–100 %); its figure says "used" (已用 33.1%). */
export function gaugeOption(used, name, over) {
  return {
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
      // The ring stops at full; the figure does not: 150% of a budget reads 150%, not 100%.
      detail: { valueAnimation: false, fontSize: 14, lineHeight: 18, offsetCenter: [0, '10%'], formatter: () => t('stats.gaugeUsed', { pct: used }) },
      data: [{ value: Math.min(used, 100), name }],
      itemStyle: { color: over ? '#d93025' : used > 80 ? '#e8a317' : '#0b7a4b' },
    }],
  };
}
