// 统计: the statistics screen and the bill import / export panel. Both modules (and ECharts with them) are
// fetched the first time this screen opens, so the first load of the page stays small.

import { api } from '../api.js';
import { byId, showError } from '../dom.js';
import { categoriesSettled } from '../fields.js';
import { t } from '../i18n.js';

let statsHandle = null; // Promise of mountStats' {refresh, destroy}, once asked for.
let importHandle = null; // Promise of mountImport's {setExportFilters, destroy}, once asked for.
const NAMES_WAIT_MS = 3000;

/** Mount the statistics screen on first use; later calls draw it afresh. */
function loadStats() {
  if (statsHandle) {
    statsHandle.then((handle) => handle.refresh()).catch(() => {});
    return statsHandle;
  }
  // The category names are drawn into the charts, so the first drawing waits for them (a moment at most).
  const names = Promise.race([categoriesSettled(), new Promise((resolve) => { setTimeout(resolve, NAMES_WAIT_MS); })]);
  statsHandle = Promise.all([import('../stats/index.js'), names])
    .then(([{ mountStats }]) => mountStats(byId('stats-screen'), { api }))
    .catch((error) => {
      // Try again on the next visit (a dropped connection while fetching the module).
      statsHandle = null;
      showError(t('stats.unavailable', { message: error.message || '' }));
      throw error;
    });
  return statsHandle;
}

/** Mount the import / export panel on first use (after `before` settles, e.g. the old panel's removal). */
function loadImport(before = Promise.resolve()) {
  if (!importHandle) {
    importHandle = before
      .then(() => import('../bills/import.js'))
      .then(({ mountImport }) => mountImport(byId('stats-import'), { api }))
      .catch((error) => {
        importHandle = null;
        showError(t('stats.unavailable', { message: error.message || '' }));
        throw error;
      });
  }
  return importHandle;
}

/** Whether the import panel is in the middle of something (a preview waiting for 导入 or 取消). */
function importBusy() {
  const preview = byId('stats-import').querySelector('.im-preview');
  return Boolean(preview && preview.childElementCount);
}

/** Wire the screen once: an import that commits changes the figures. */
export function mount() {
  byId('view-stats').addEventListener('snapledger:imported', () => {
    // The records list fetches afresh each time it is shown, so only the statistics need redrawing.
    if (statsHandle) statsHandle.then((handle) => handle.refresh()).catch(() => {});
  });
}

/** Show the statistics (fetched afresh) and the import panel; `#/stats/import` scrolls to the panel. */
export function show(params = {}) {
  const both = Promise.all([loadStats(), loadImport()]);
  if (params.section === 'import') {
    // After the router's own scroll-to-top and heading focus, and after the charts above have taken their height.
    both
      .then(() => {
        if (byId('view-stats').hidden) return;
        const panel = byId('stats-import');
        panel.scrollIntoView({ block: 'start' });
        panel.focus({ preventScroll: true });
      })
      .catch(() => {});
  } else {
    both.catch(() => {});
  }
}

/** Redraw in the new language: the statistics at once if on screen, the import panel when it is idle. */
export function relang() {
  if (!byId('view-stats').hidden && statsHandle) statsHandle.then((handle) => handle.refresh()).catch(() => {});
  if (importHandle && !importBusy()) {
    // The import panel labels itself once when mounted, so a fresh panel is how it changes language.
    const stale = importHandle;
    importHandle = null;
    loadImport(stale.then((handle) => handle.destroy(), () => {})).catch(() => {});
  }
}
