// The Beancount account mapping editor under the export card: each payment method and category of the person's
// records with the account it books to, edited in place and saved with PUT /api/beancount/accounts.

import { el } from '../dom.js';
import { categoryName } from '../fields.js';
import { t } from '../i18n.js';

/** One row: the name (and 收入 for an income category) labelling an input that holds its account. */
function accountRow(entry, kind) {
  const row = el('label', 'im-account');
  // Payment methods are the person's data; categories are shown by their name in the page's language.
  const shown = kind === 'methods' ? entry.name : categoryName(entry.name);
  const name = kind === 'income' ? t('beancount.incomeName', { name: shown }) : shown;
  const input = el('input', 'im-account-input');
  input.type = 'text';
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.setAttribute('autocapitalize', 'off');
  input.placeholder = entry.default;
  input.value = entry.custom ? entry.account : '';
  input.dataset.kind = kind;
  input.dataset.name = entry.name;
  row.append(el('span', 'im-account-name', name), input);
  return row;
}

/** The mapping editor: a details/summary that loads the mapping when first opened. `api` is the page's api(). */
export function accountsEditor({ api }) {
  const details = el('details', 'im-accounts');
  const summary = el('summary', null, t('beancount.accounts'));
  const hint = el('p', 'small muted', t('beancount.hint'));
  const form = el('form', 'im-accounts-form');
  const status = el('p', 'small im-accounts-status');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  details.append(summary, hint, form, status);
  let loaded = false;

  function say(text, isError = false) {
    status.textContent = text;
    status.classList.toggle('im-error', isError);
  }

  function show(mapping) {
    const groups = [
      ['beancount.methods', mapping.methods.map((entry) => accountRow(entry, 'methods'))],
      [
        'beancount.categories',
        mapping.categories.map((entry) => accountRow(entry, entry.direction === 'income' ? 'income' : 'categories')),
      ],
    ];
    const parts = [];
    for (const [title, rows] of groups) {
      const fieldset = el('fieldset', 'im-accounts-group');
      fieldset.append(el('legend', 'label', t(title)), ...(rows.length ? rows : [el('p', 'small muted', t('beancount.none'))]));
      parts.push(fieldset);
    }
    const save = el('button', 'button primary', t('beancount.save'));
    save.type = 'submit';
    parts.push(save);
    form.replaceChildren(...parts);
  }

  async function load() {
    say(t('beancount.loading'));
    try {
      show(await api('GET', '/beancount/accounts'));
      loaded = true;
      say('');
    } catch (error) {
      say(error.message, true);
    }
  }

  details.addEventListener('toggle', () => {
    if (details.open && !loaded) load();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { methods: {}, categories: {}, income: {} };
    for (const input of form.querySelectorAll('input.im-account-input')) {
      body[input.dataset.kind][input.dataset.name] = input.value.trim();
    }
    const save = form.querySelector('button[type=submit]');
    if (save) save.disabled = true;
    say(t('beancount.saving'));
    try {
      show(await api('PUT', '/beancount/accounts', body));
      say(t('beancount.saved'));
    } catch (error) {
      say(error.message, true); // the server's sentence names the account it refused; nothing was saved
      if (save) save.disabled = false;
    }
  });

  return details;
}
