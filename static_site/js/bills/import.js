// Bills in: pick an Alipay / WeChat Pay bill (or this app's export), see what is new, what is already recorded
// and which lines are skipped and why, then import (POST /api/imports, then …/commit). Beside it, the export card.
// Text from the bill only ever goes in with textContent.

import { api as pageApi } from '../api.js';
import { el, ensureStylesheet } from '../dom.js';
import { categoryName } from '../fields.js';
import { t } from '../i18n.js';
import { formatAmount } from '../money.js';
import { exportCard, exportHref } from './export.js';
import './strings.js';

export { exportHref };

const CSS_URL = new URL('../../css/stats.css', import.meta.url).href;

/** One previewed row: merchant · category, new or duplicate, time and amount (directions other than 支出 named). */
function previewRow(row) {
  const li = el('li', `im-row im-${row.status}`);
  const direction = row.direction === 'expense' ? '' : `${t(`dir.${row.direction}`)} `;
  li.append(
    el('span', null, `${row.merchant || '—'} · ${categoryName(row.category)}`),
    el('span', 'im-badge', t(row.status !== 'new' ? 'import.rowDuplicate' : row.invoice_of ? 'import.rowInvoice' : 'import.rowNew')),
    el('span', 'small muted', `${row.occurred_at.slice(0, 16).replace('T', ' ')} · ${direction}${formatAmount(row.amount)}`),
  );
  return li;
}

/** The counts of new, already recorded and skipped lines, and why each skipped line was skipped. */
function previewSummary(result) {
  const parts = [el('p', null, t(`import.format.${result.format}`))];
  const summary = el('div', 'im-summary');
  for (const [key, value] of [['import.new', result.new], ['import.duplicate', result.duplicate], ['import.skipped', result.skipped.length]]) {
    const cell = el('div');
    cell.append(el('p', 'im-count', String(value)), el('p', 'small muted', t(key)));
    summary.append(cell);
  }
  parts.push(summary);
  if (result.with_invoice) parts.push(el('p', 'small im-invoices', t('import.withInvoice', { n: result.with_invoice })));
  if (result.skipped.length) {
    const list = el('ul', 'im-skipped small');
    for (const skip of result.skipped) list.append(el('li', null, t('import.line', { line: skip.line, reason: skip.reason })));
    parts.push(list);
  }
  const rows = el('ul', 'im-rows');
  for (const row of result.rows || []) rows.append(previewRow(row));
  parts.push(rows);
  const listed = (result.rows || []).length;
  const total = result.new + result.duplicate;
  if (total > listed) parts.push(el('p', 'small muted', t('import.more', { n: total - listed })));
  return parts;
}

/**
 * Draw the import and export panel into `container`. `api(method, path, body)` calls /api (the page's own by
 * default). Dispatches `snapledger:imported` on `container` with the commit result after a successful import.
 */
export function mountImport(container, { api = pageApi } = {}) {
  ensureStylesheet(CSS_URL);
  container.replaceChildren();
  const section = el('section', 'card im');
  const id = `im-file-${Math.random().toString(36).slice(2)}`;
  const label = el('label', 'im-drop');
  label.htmlFor = id;
  label.append(el('span', null, t('import.pick')), el('span', 'small muted', t('import.hint')));
  const input = el('input', 'im-file');
  input.type = 'file';
  input.id = id;
  input.name = 'file';
  input.accept = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const status = el('p', 'small muted im-status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const preview = el('div', 'im-preview');
  section.append(el('h2', 'label', t('import.title')), label, input, status, preview);
  const exports = exportCard({ api });
  container.append(section, exports.section);

  function showPreview(result) {
    preview.replaceChildren(...previewSummary(result));
    const actions = el('div', 'im-actions');
    const commit = el('button', 'button primary', result.new ? t('import.commit', { n: result.new }) : t('import.nothing'));
    commit.type = 'button';
    commit.disabled = !result.new;
    const cancel = el('button', 'button', t('import.cancel'));
    cancel.type = 'button';
    const outcome = el('p', 'im-result');
    outcome.setAttribute('role', 'status');
    actions.append(commit, cancel);
    preview.append(actions, outcome);
    cancel.addEventListener('click', () => {
      preview.replaceChildren();
      input.value = '';
      status.textContent = '';
    });
    commit.addEventListener('click', async () => {
      commit.disabled = true;
      cancel.disabled = true;
      outcome.classList.remove('im-error');
      outcome.textContent = t('import.committing');
      try {
        const done = await api('POST', `/imports/${encodeURIComponent(result.import_id)}/commit`);
        const joined = done.with_invoice ? ` ${t('import.doneInvoice', { n: done.with_invoice })}` : '';
        outcome.textContent = t('import.done', { imported: done.imported, duplicate: done.duplicate }) + joined;
        input.value = '';
        container.dispatchEvent(new CustomEvent('snapledger:imported', { bubbles: true, detail: done }));
      } catch (error) {
        outcome.classList.add('im-error');
        outcome.textContent = t('import.failed', { message: error.message || '' });
        commit.disabled = false;
      } finally {
        cancel.disabled = false;
      }
    });
  }

  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    preview.replaceChildren();
    if (!file) return;
    status.classList.remove('im-error');
    status.textContent = t('import.reading', { name: file.name });
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const result = await api('POST', '/imports', form);
      status.textContent = '';
      showPreview(result);
    } catch (error) {
      status.classList.add('im-error');
      status.textContent = t('import.failed', { message: error.message });
    }
  });

  return {
    /** Point the export links at the records matching `filters` ({from, to, q, category, platform, direction}). */
    setExportFilters(filters) {
      exports.setFilters(filters);
    },
    destroy() {
      container.replaceChildren();
    },
  };
}
