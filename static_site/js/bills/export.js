// Downloading the records as CSV or Excel: GET /api/records/export with the list's filters, in the page's language.

import { query } from '../api.js';
import { el } from '../dom.js';
import { getLang, t } from '../i18n.js';

export const FORMATS = [['csv', 'export.csv'], ['xlsx', 'export.xlsx']];

/** The export URL for `params` (format, list filters) in the page's language. */
export function exportHref(params) {
  return `/api/records/export${query({ ...params, lang: getLang() === 'en' ? 'en' : null })}`;
}

/** The 导出账单 card; `setFilters(filters)` points its links at the records matching the list's filters. */
export function exportCard() {
  const section = el('section', 'card im-export-card');
  const links = el('div', 'im-export');
  section.append(el('h2', 'label', t('export.title')), links);
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
