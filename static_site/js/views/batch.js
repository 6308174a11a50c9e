// 账单's batch edits: select several records, give them a category or a tag (or take a tag off), or delete them (asked first, undone from the
// snackbar); and after a category edit, "the same for every record from this merchant" (which teaches the learner).
// All through POST /api/records/batch; the list reloads from the server afterwards.

import { api, query } from '../api.js';
import { announce, ask, busy, byId, clearError, showError, snackbar } from '../dom.js';
import { setText, t } from '../i18n.js';
import { categoryLabel, getCategories } from '../fields.js';
import './strings.js';
import { cleanTag } from './tags.js';

let selecting = false;
const picked = new Set();
let reload = () => {};

/** Whether a tap on a record row selects it (instead of opening its editor). */
export function isSelecting() {
  return selecting;
}

/** Show a row as selected or not (in selection mode only). */
export function markRow(li) {
  const row = li.querySelector('.rec-row');
  if (selecting) {
    row.removeAttribute('aria-expanded');
    row.setAttribute('aria-pressed', String(picked.has(li.dataset.id)));
  } else {
    row.removeAttribute('aria-pressed');
    if (!row.hasAttribute('aria-expanded')) row.setAttribute('aria-expanded', 'false');
  }
}

/** Select or unselect a record row. */
export function togglePick(li) {
  if (picked.has(li.dataset.id)) picked.delete(li.dataset.id);
  else picked.add(li.dataset.id);
  markRow(li);
  showCount();
}

/** Forget the selection (the list was loaded afresh). */
export function clearPicks() {
  picked.clear();
  if (selecting) showCount();
}

/** Say how many are selected and enable the actions only when some are. */
function showCount() {
  const n = picked.size;
  if (n) setText(byId('batch-count'), 'batch.count', { n });
  else setText(byId('batch-count'), 'batch.none');
  byId('batch-apply').disabled = n === 0;
  byId('batch-delete').disabled = n === 0;
  byId('batch-add-tag').disabled = n === 0;
  byId('batch-remove-tag').disabled = n === 0;
}

/** Fill the category select with the owner's list and a "no category" choice. */
function fillCategories() {
  const select = byId('batch-category');
  const keep = select.value;
  const none = document.createElement('option');
  none.value = '';
  setText(none, 'batch.uncategorized');
  const options = getCategories().map((name) => {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = categoryLabel(name);
    return option;
  });
  select.replaceChildren(...options, none);
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}

/** Turn selection mode on or off. */
function setSelecting(on) {
  selecting = on;
  picked.clear();
  const button = byId('records-select');
  button.setAttribute('aria-pressed', String(on));
  byId('records-list').classList.toggle('selecting', on);
  byId('batch-bar').hidden = !on;
  if (on) {
    fillCategories();
    showCount();
  }
  for (const li of byId('records-list').querySelectorAll('.rec')) markRow(li);
}

/** POST one batch action; answers the server's {records, count}. */
function send(body) {
  return api('POST', '/records/batch', body);
}

/** Give the selected records the chosen category. */
async function applyCategory() {
  clearError();
  const ids = [...picked].map(Number);
  const category = byId('batch-category').value || null;
  try {
    const answer = await send({ action: 'set_category', ids, category });
    // The key is what is stored; the person reads the category's name in the page's language.
    const name = category ? categoryLabel(category) : t('batch.uncategorized');
    announce(t('batch.categorized', { n: answer.count, category: name }));
    setSelecting(false);
    reload();
  } catch (error) {
    showError(error.message);
  }
}

/** Add (or remove) the typed tag on the selected records. */
async function applyTag(action) {
  clearError();
  const tag = cleanTag(byId('batch-tag').value);
  if (!tag) {
    showError(t('tags.bad'));
    byId('batch-tag').focus();
    return;
  }
  const ids = [...picked].map(Number);
  try {
    const answer = await send({ action, ids, tag });
    announce(t(action === 'add_tag' ? 'batch.tagged' : 'batch.untagged', { n: answer.count, tag }));
    setSelecting(false);
    reload();
  } catch (error) {
    showError(error.message);
  }
}

/** Delete the selected records after asking, with an undo. */
async function deletePicked() {
  clearError();
  const ids = [...picked].map(Number);
  if (!(await ask(t('batch.deleteAsk', { n: ids.length }), t('batch.delete')))) return;
  try {
    const answer = await send({ action: 'delete', ids });
    setSelecting(false);
    reload();
    snackbar(t('batch.deleted', { n: answer.count }), {
      actionLabel: t('records.undo'),
      onAction: async () => {
        try {
          const back = await send({ action: 'restore', ids });
          announce(t('batch.restored', { n: back.count }));
          reload();
        } catch (error) {
          showError(error.message);
        }
      },
    });
  } catch (error) {
    showError(error.message);
  }
}

/** After a record's category was changed by hand, offer the same for every record from its merchant. */
export async function offerMerchant(record) {
  if (!record.merchant || !record.category) return;
  const { merchant, category } = record;
  // Only when another record from the merchant has another category: for one record there is nothing to offer.
  try {
    const found = await api('GET', `/records${query({ q: merchant, limit: 100 })}`);
    const others = found.records.filter((r) => r.id !== record.id && r.merchant === merchant && r.category !== category);
    if (!others.length) return;
  } catch {
    return; // the edit is saved; the offer is only a shortcut
  }
  snackbar(t('batch.allFromMerchant', { merchant, category: categoryLabel(category) }), {
    actionLabel: t('batch.applyAll'),
    onAction: async () => {
      try {
        const answer = await send({ action: 'set_category', merchant, category });
        announce(t('batch.categorized', { n: answer.count, category: categoryLabel(category) }));
        reload();
      } catch (error) {
        showError(error.message);
      }
    },
  });
}

/** Wire the select button and the batch bar once; `reloadList` fetches the list afresh. */
export function mountBatch(reloadList) {
  reload = reloadList;
  byId('records-select').addEventListener('click', () => setSelecting(!selecting));
  byId('batch-done').addEventListener('click', () => setSelecting(false));
  byId('batch-apply').addEventListener('click', (event) => busy(event.currentTarget, applyCategory));
  byId('batch-delete').addEventListener('click', (event) => busy(event.currentTarget, deletePicked));
  byId('batch-add-tag').addEventListener('click', (event) => busy(event.currentTarget, () => applyTag('add_tag')));
  byId('batch-remove-tag').addEventListener('click', (event) => busy(event.currentTarget, () => applyTag('remove_tag')));
}

