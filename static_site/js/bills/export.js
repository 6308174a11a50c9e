// Downloading the records as CSV, Excel or a Beancount ledger: GET /api/records/export with the list's filters, in
// the page's language; under the links, the editor of the person's Beancount accounts.

import { query } from '../api.js';
import { currentBook } from '../books.js';
import { el } from '../dom.js';
import { getLang, t } from '../i18n.js';
import { accountsEditor } from './accounts.js';

export const FORMATS = [['csv', 'export.csv'], ['xlsx', 'export.xlsx'], ['beancount', 'export.beancount']];

/** The export URL for `params` (format, list filters) of the chosen book in the page's language. */
export function exportHref(params) {
  const book = currentBook() || null;
  return `/api/records/export${query({ ...params, book, lang: getLang() === 'en' ? 'en' : null })}`;
}

/**
 * The 导出账单 card; `setFilters(filters)` points its links at the records matching the list's filters. With the
 * page's `api`, the Beancount account editor sits under the links.
 */
export function exportCard({ api } = {}) {
  const section = el('section', 'card im-export-card');
  const links = el('div', 'im-export');
  section.append(el('h2', 'label', t('export.title')), links);
  if (api) section.append(accountsEditor({ api }));
  function setFilters(params = {}) {
    links.replaceChildren();
    for (const [format, key] of FORMATS) {
      const link = el('a', 'button', t(key));
      link.href = exportHref({ ...params, format });
      link.setAttribute('download', '');
      links.append(link);
    }
  }
  setFilters();
  return { section, setFilters };
}
