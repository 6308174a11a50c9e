// The page's entry point: language, header, routing between the screens, and the service worker.

import { api } from './api.js';
import { chosenBook, knownBooks, rememberBooks, rememberMembers } from './books.js';
import { byId, clearError, initSnackbar, snackbarAfterReload } from './dom.js';
import { categoriesUnavailable, fillPlatformList, onCategoriesChange, setCategories } from './fields.js';
import { applyDocument, getLang, onLangChange, setLang, t } from './i18n.js';
import { mountSession, onSignedIn, rememberOwner } from './session.js';
import { setLedgerTz } from './time.js';
import * as account from './views/account.js';
import * as books from './views/books.js';
import * as categories from './views/categories.js';
import * as entry from './views/entry.js';
import * as home from './views/home.js';
import * as records from './views/records.js';
import * as review from './views/review.js';
import * as stats from './views/stats.js';
import * as upload from './views/upload.js';

const VIEWS = { home, upload, review, records, new: entry, stats, account, books, categories, invite: books.invite };
let current = null;
let firstRoute = true;

/** Turn location.hash into {name, params}. */
function parseRoute(hash) {
  const path = hash.replace(/^#/, '').split('?')[0];
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'upload') return { name: 'upload', params: {} };
  if (parts[0] === 'records') return { name: 'records', params: {} };
  if (parts[0] === 'new') return { name: 'new', params: {} };
  if (parts[0] === 'account') return { name: 'account', params: {} };
  if (parts[0] === 'books') return { name: 'books', params: {} };
  if (parts[0] === 'categories') return { name: 'categories', params: {} };
  if (parts[0] === 'invite' && parts[1]) return { name: 'invite', params: { token: decodeURIComponent(parts[1]) } };
  // #/stats/import opens the same screen at its bill import / export panel.
  if (parts[0] === 'stats') return { name: 'stats', params: { section: parts[1] || null } };
  if (parts[0] === 'review' && parts[1]) return { name: 'review', params: { id: decodeURIComponent(parts[1]) } };
  return { name: 'home', params: {} };
}

/** Go to `hash` (a "#/..." route). */
function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

/** Show the screen for the current hash and move focus to its heading. */
function route() {
  const { name, params } = parseRoute(location.hash);
  if (current && current !== name && VIEWS[current].hide) VIEWS[current].hide();
  // A message about the previous screen does not belong on the next one.
  if (!firstRoute) clearError();
  for (const section of document.querySelectorAll('main > .view')) section.hidden = section.dataset.view !== name;
  for (const link of document.querySelectorAll('.tabs a')) {
    // Review and manual entry belong to the 记一笔 tab.
    const tab = name === 'review' || name === 'new' ? 'upload' : name;
    const active = link.dataset.nav === tab;
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  current = name;
  VIEWS[name].show(params);
  if (!firstRoute) {
    const heading = document.querySelector(`[data-view="${name}"] h1`);
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  firstRoute = false;
}

/** Label the language button with the language it switches to. */
function labelLangButton() {
  const button = byId('lang-toggle');
  button.textContent = t('lang.switch');
  button.lang = getLang() === 'en' ? 'zh-CN' : 'en';
  button.setAttribute('aria-label', t('lang.switchLabel'));
}

/** Show who is signed in (with accounts: their name, a link to the account screen, and 退出), or discreetly that
 * this is the single-user local mode.
 */
async function loadMe() {
  try {
    const me = await api('GET', '/me');
    rememberOwner(me.owner);
    if (rememberBooks(me.books)) {
      snackbarAfterReload(t('books.gone'));
      location.reload(); // removed from the chosen book: start again in the personal one
      return;
    }
    drawBookSelect();
    loadMembers();
    if (me.tz && setLedgerTz(me.tz) && current && VIEWS[current].relang) {
      // Times already drawn in the default zone are redrawn in the ledger's own.
      VIEWS[current].relang();
    }
    const note = byId('auth-note');
    const accounts = me.auth_mode === 'accounts';
    const link = byId('account-link');
    link.hidden = !accounts;
    byId('sign-out').hidden = !accounts;
    if (accounts) {
      link.textContent = me.username;
      note.hidden = true;
      return;
    }
    if (me.auth_mode === 'single-user') {
      note.dataset.i18n = 'auth.single';
      note.textContent = t('auth.single');
      note.title = t('auth.singleTitle');
    } else {
      delete note.dataset.i18n;
      note.textContent = me.display_name || me.owner || '';
    }
    note.hidden = !note.textContent;
  } catch {
    // The page works without it; a real outage shows up on the calls that matter.
  }
}

/** The header's book switcher: the current book, the others, and 管理账本和成员…; a change reloads in the new book. */
function drawBookSelect() {
  const select = byId('book-select');
  const list = knownBooks();
  const chosen = chosenBook();
  const options = list.map((book) => {
    const option = document.createElement('option');
    option.value = book.personal ? '' : book.id;
    option.textContent = books.bookName(book);
    return option;
  });
  const manage = document.createElement('option');
  manage.value = '#manage';
  manage.textContent = t('books.manage');
  select.replaceChildren(...options, manage);
  select.value = chosen && !chosen.personal ? chosen.id : '';
  select.hidden = list.length === 0;
}

/** The chosen book's members, for "who recorded it" in the list and its member filter. */
async function loadMembers() {
  const book = chosenBook();
  if (!book || book.members < 2) {
    rememberMembers([]);
    records.refreshMembers();
    return;
  }
  try {
    const answer = await api('GET', `/books/${encodeURIComponent(book.id)}/members`);
    rememberMembers(answer.members);
  } catch {
    rememberMembers([]);
  }
  records.refreshMembers();
}

/** Fetch the owner's categories for the selects. */
async function loadCategories() {
  try {
    const answer = await api('GET', '/categories');
    setCategories(answer);
  } catch {
    // The built-in list stays in use.
    categoriesUnavailable();
  }
}

/** Pick up screenshots shared into the app (Web Share Target) from the service worker's cache. */
async function takeShared() {
  if (!location.hash.includes('shared=1') || !('caches' in window)) return;
  try {
    const cache = await caches.open('snapledger-share');
    const requests = await cache.keys();
    const files = [];
    for (const request of requests) {
      const response = await cache.match(request);
      const blob = await response.blob();
      const name = decodeURIComponent(response.headers.get('x-filename') || 'shared-image');
      files.push(new File([blob], name, { type: blob.type }));
      await cache.delete(request);
    }
    history.replaceState(null, '', '#/upload');
    if (files.length) upload.enqueue(files);
  } catch {
    // Nothing shared, or storage unavailable: the picker still works.
  }
}

/** Register the service worker (only used for the share target; the page works without it). */
function registerWorker() {
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('sw.js').catch(() => {});
  }
}

/** Start the page. */
function start() {
  applyDocument();
  labelLangButton();
  initSnackbar();
  mountSession();
  onSignedIn(() => {
    loadMe();
    loadCategories();
  });
  fillPlatformList(byId('platform-list'));
  // Names arriving from the server relabel the selects and the screen showing now.
  onCategoriesChange(() => {
    records.refreshCategories();
    // 统计 waits for the names before it first draws (views/stats.js); redrawing it would fold what is open.
    if (current && current !== 'stats' && VIEWS[current].relang) VIEWS[current].relang();
  });
  byId('lang-toggle').addEventListener('click', () => setLang(getLang() === 'en' ? 'zh' : 'en'));
  onLangChange(() => {
    labelLangButton();
    drawBookSelect();
    fillPlatformList(byId('platform-list'));
    records.refreshCategories();
    for (const view of Object.values(VIEWS)) if (view.relang) view.relang();
  });
  home.mount?.(go);
  upload.mount(go);
  review.mount(go);
  records.mount(go);
  entry.mount(go);
  stats.mount(go);
  account.mount(go);
  books.mount(go);
  categories.mount(go);
  byId('book-select').addEventListener('change', (event) => {
    const value = event.target.value;
    if (value === '#manage') {
      drawBookSelect();
      go('#/books');
    } else {
      books.switchTo(value);
    }
  });
  // Other screens (statistics) ask for a filtered list with this event.
  document.addEventListener('snapledger:filter', (event) => {
    records.presetFilters(event.detail || {});
    go('#/records');
  });
  window.addEventListener('hashchange', route);
  route();
  loadMe();
  loadCategories();
  takeShared();
  registerWorker();
}

start();
