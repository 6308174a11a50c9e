// Bills in and out: pick an Alipay / WeChat Pay bill (or this app's export), see what is new, what is already
// recorded and which lines are skipped and why, then import; and download the records as CSV or Excel.
// Text from the bill only ever goes in with textContent.

import { money, pageLang, translator } from './stats.js';

const STRINGS = {
  zh: {
    'import.title': '导入账单',
    'import.pick': '选择支付宝或微信支付导出的账单（CSV / XLSX）',
    'import.hint': '支付宝：我的 → 账单 → … → 开具交易流水证明；微信：我 → 服务 → 钱包 → 账单 → 常见问题 → 下载账单',
    'import.reading': '正在读取 {name}…',
    'import.format.alipay': '支付宝账单',
    'import.format.wechat': '微信支付账单',
    'import.format.snapledger': '截图记账导出',
    'import.new': '新的',
    'import.duplicate': '已记录',
    'import.skipped': '跳过',
    'import.line': '第 {line} 行：{reason}',
    'import.rowNew': '新',
    'import.rowDuplicate': '重复',
    'import.dir.income': '收入',
    'import.dir.refund': '退款',
    'import.dir.transfer': '转账',
    'import.more': '另有 {n} 笔未列出',
    'import.commit': '导入 {n} 笔',
    'import.nothing': '没有需要导入的新账单',
    'import.cancel': '取消',
    'import.committing': '正在导入…',
    'import.done': '已导入 {imported} 笔，{duplicate} 笔已存在未重复导入。',
    'import.failed': '导入失败：{message}',
    'import.network': '网络连接失败，请重试',
    'export.title': '导出账单',
    'export.csv': '导出 CSV',
    'export.xlsx': '导出 Excel',
  },
  en: {
    'import.title': 'Import a bill',
    'import.pick': 'Choose a bill exported from Alipay or WeChat Pay (CSV / XLSX)',
    'import.hint': 'Alipay: Me → Bills → … → transaction statement; WeChat: Me → Services → Wallet → Bills → FAQ → Download bills',
    'import.reading': 'Reading {name}…',
    'import.format.alipay': 'Alipay bill',
    'import.format.wechat': 'WeChat Pay bill',
    'import.format.snapledger': 'SnapLedger export',
    'import.new': 'New',
    'import.duplicate': 'Already recorded',
    'import.skipped': 'Skipped',
    'import.line': 'Line {line}: {reason}',
    'import.rowNew': 'new',
    'import.rowDuplicate': 'dup',
    'import.dir.income': 'income',
    'import.dir.refund': 'refund',
    'import.dir.transfer': 'transfer',
    'import.more': '{n} more not listed',
    'import.commit': 'Import {n}',
    'import.nothing': 'Nothing new to import',
    'import.cancel': 'Cancel',
    'import.committing': 'Importing…',
    'import.done': 'Imported {imported}; {duplicate} already recorded were left alone.',
    'import.failed': 'Import failed: {message}',
    'import.network': 'The connection failed; try again.',
    'export.title': 'Export records',
    'export.csv': 'Export CSV',
    'export.xlsx': 'Export Excel',
  },
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** POST the file as multipart/form-data (field `file`) and return the preview, or throw an Error with a sentence. */
async function uploadBill(file, tr) {
  const form = new FormData();
  form.append('file', file, file.name);
  let response;
  try {
    response = await fetch('/api/imports', {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json', 'Accept-Language': pageLang() === 'en' ? 'en' : 'zh-CN' },
    });
  } catch {
    throw new Error(tr('import.network'));
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok || !data) {
    const message = data && data.error && typeof data.error.message === 'string' ? data.error.message : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return data;
}

/**
 * Draw the import and export panel into `container`. `api(method, path, body)` calls /api; `t` translates.
 * Dispatches `snapledger:imported` on `container` with the commit result after a successful import.
 */
export function mountImport(container, { api, t }) {
  const base = translator(t);
  const tr = (key, vars) => {
    const text = base(key, vars);
    if (text !== key) return text;
    const own = STRINGS[pageLang()][key] ?? STRINGS.zh[key] ?? key;
    return vars ? own.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole)) : own;
  };
  if (!document.querySelector('link[data-snapledger-stats]')) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('./stats.css', import.meta.url).href;
    link.dataset.snapledgerStats = '';
    document.head.append(link);
  }

  container.replaceChildren();
  const section = el('section', 'card im');
  const title = el('h2', 'label', tr('import.title'));
  const id = `im-file-${Math.random().toString(36).slice(2)}`;
  const label = el('label', 'im-drop');
  label.htmlFor = id;
  label.append(el('span', null, tr('import.pick')), el('span', 'small muted', tr('import.hint')));
  const input = el('input', 'im-file');
  input.type = 'file';
  input.id = id;
  input.name = 'file';
  input.accept = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const status = el('p', 'small muted im-status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const preview = el('div', 'im-preview');
  section.append(title, label, input, status, preview);

  const exportSection = el('section', 'card im-export-card');
  const exportLinks = el('div', 'im-export');
  exportSection.append(el('h2', 'label', tr('export.title')), exportLinks);
  container.append(section, exportSection);

  /** Download links for the current language (filters can be added by the caller via `exportHref`). */
  function renderExport(params = {}) {
    exportLinks.replaceChildren();
    for (const [format, key] of [['csv', 'export.csv'], ['xlsx', 'export.xlsx']]) {
      const link = el('a', 'button', tr(key));
      link.href = exportHref({ ...params, format });
      link.setAttribute('download', '');
      exportLinks.append(link);
    }
  }

  function showPreview(result) {
    preview.replaceChildren();
    preview.append(el('p', null, tr(`import.format.${result.format}`)));
    const summary = el('div', 'im-summary');
    for (const [key, value] of [['import.new', result.new], ['import.duplicate', result.duplicate], ['import.skipped', result.skipped.length]]) {
      const cell = el('div');
      cell.append(el('p', 'im-count', String(value)), el('p', 'small muted', tr(key)));
      summary.append(cell);
    }
    preview.append(summary);
    if (result.skipped.length) {
      const list = el('ul', 'im-skipped small');
      for (const skip of result.skipped) list.append(el('li', null, tr('import.line', { line: skip.line, reason: skip.reason })));
      preview.append(list);
    }
    const rows = el('ul', 'im-rows');
    for (const row of result.rows || []) {
      const li = el('li', `im-row im-${row.status}`);
      li.append(
        el('span', null, `${row.merchant || '—'} · ${row.category || ''}`),
        el('span', 'im-badge', tr(row.status === 'new' ? 'import.rowNew' : 'import.rowDuplicate')),
        el('span', 'small muted', `${row.occurred_at.slice(0, 16).replace('T', ' ')} · ${row.direction === 'expense' ? '' : `${tr(`import.dir.${row.direction}`)} `}${money(row.amount)}`),
      );
      rows.append(li);
    }
    preview.append(rows);
    const listed = (result.rows || []).length;
    const total = result.new + result.duplicate;
    if (total > listed) preview.append(el('p', 'small muted', tr('import.more', { n: total - listed })));
    const actions = el('div', 'im-actions');
    const commit = el('button', 'button primary', result.new ? tr('import.commit', { n: result.new }) : tr('import.nothing'));
    commit.type = 'button';
    commit.disabled = !result.new;
    const cancel = el('button', 'button', tr('import.cancel'));
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
      outcome.textContent = tr('import.committing');
      try {
        const done = await api('POST', `/imports/${encodeURIComponent(result.import_id)}/commit`);
        outcome.textContent = tr('import.done', { imported: done.imported, duplicate: done.duplicate });
        input.value = '';
        container.dispatchEvent(new CustomEvent('snapledger:imported', { bubbles: true, detail: done }));
      } catch (error) {
        outcome.classList.add('im-error');
        outcome.textContent = tr('import.failed', { message: error.message || '' });
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
    status.textContent = tr('import.reading', { name: file.name });
    try {
      const result = await uploadBill(file, tr);
      status.textContent = '';
      showPreview(result);
    } catch (error) {
      status.classList.add('im-error');
      status.textContent = tr('import.failed', { message: error.message });
    }
  });

  renderExport();
  return {
    /** Point the export links at the records matching `filters` ({from, to, q, category, platform, direction}). */
    setExportFilters(filters) {
      renderExport(filters);
    },
    destroy() {
      container.replaceChildren();
    },
  };
}

/** The export URL for `params` (format, list filters) in the page's language. */
export function exportHref(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  if (pageLang() === 'en') search.set('lang', 'en');
  return `/api/records/export?${search.toString()}`;
}
