// 核对: the screenshot above (or beside) an editable form per item; confirm, read again, or discard.

import { api, isSettled, pollDraft } from '../api.js';
import { announce, ask, busy, byId, clearError, cloneTemplate, showError, snackbar } from '../dom.js';
import { setText, t } from '../i18n.js';
import { createFieldEditor, emptyFields, FIELDS, platformName } from '../fields.js';
import { formatAmount } from '../money.js';
import { localInputToIso, shortDateTime } from '../time.js';
import { rememberSaved } from './records.js';
import { attachNote, invoiceFacts, isDocument } from './invoices.js';
import { nextWaiting, uploadOne } from './upload.js';
import './strings.js';

const STALE_UPLOAD_MS = 15 * 60 * 1000;

let draft = null;
let editors = [];
let poller = null;
let navigate = () => {};

/** Tell other screens (the upload queue) that a draft was settled here. */
function draftChanged(id, status) {
  document.dispatchEvent(new CustomEvent('draft-changed', { detail: { id, status } }));
}

/** Stop watching the current draft. */
function stopPolling() {
  if (poller) poller.abort();
  poller = null;
}

/** Show the state line under the heading. */
function sayState(key, vars, kind = '') {
  const el = byId('review-state');
  if (key) {
    setText(el, key, vars);
  } else {
    delete el.dataset.i18n;
    el.textContent = '';
  }
  el.className = `state ${kind}`;
}

/** A one-line description of a possible duplicate. */
function duplicateLine(dup) {
  const reasonKey = `dup.${dup.reason}`;
  const reason = t(reasonKey) === reasonKey ? dup.reason || '' : t(reasonKey);
  return [formatAmount(dup.amount), dup.merchant, platformName(dup.platform), shortDateTime(dup.occurred_at), dup.order_no, reason]
    .filter(Boolean)
    .join(' · ');
}

/** Build one item's fieldset: keep switch (several items only), duplicate warning, fields. */
function buildItem(item, index, count) {
  const box = cloneTemplate('tpl-item');
  const editor = createFieldEditor(item.fields, { confidence: item.confidence, reasons: item.reasons });
  setText(box.querySelector('.item-legend'), 'review.item', { n: index + 1 });
  box.querySelector('.item-fields').append(editor.element);
  const keep = box.querySelector('.keep');
  const switchLabel = box.querySelector('.switch');
  switchLabel.hidden = count < 2;
  keep.addEventListener('change', () => {
    box.classList.toggle('dropped', !keep.checked);
    box.querySelector('.item-fields').disabled = !keep.checked;
    labelConfirm();
  });
  const duplicates = Array.isArray(item.duplicates) ? item.duplicates : [];
  if (duplicates.length) {
    // A likely duplicate starts unkept: keeping it is a choice the person makes, never one tap by habit.
    switchLabel.hidden = false;
    keep.checked = false;
    box.classList.add('dropped');
    box.querySelector('.item-fields').disabled = true;
    const warning = box.querySelector('.dup-warning');
    warning.hidden = false;
    const list = warning.querySelector('.dup-list');
    for (const dup of duplicates) {
      const li = document.createElement('li');
      li.textContent = duplicateLine(dup);
      list.append(li);
    }
  }
  if (item.invoice) box.querySelector('.item-fields').before(invoiceFacts(item.invoice));
  const note = attachNote(item);
  if (note) box.querySelector('.item-fields').before(note.box);
  return { box, editor, keep, duplicate: duplicates.length > 0, attached: note ? note.attached : null };
}

/** Render the draft: state line, image, and the form when it can be edited. */
function render(next) {
  draft = next;
  const form = byId('review-form');
  const img = byId('review-img');
  // A PDF's or OFD's first page is shown as the picture drawn of it; an XML invoice has no page to show.
  const picture = draft.preview_url || (isDocument(draft.content_type) ? null : draft.image_url);
  if (picture) {
    if (img.getAttribute('src') !== picture) img.src = picture;
    byId('review-shot').hidden = false;
  } else {
    byId('review-shot').hidden = true;
  }
  const status = draft.status;
  if (status === 'awaiting_upload' && Date.now() - Date.parse(draft.created_at) > STALE_UPLOAD_MS) {
    // Its upload link has long expired: the image will never arrive, so do not wait for it.
    stopPolling();
    sayState('review.notUploaded', undefined, 'warn');
    byId('review-stale').hidden = false;
    byId('review-replace').hidden = false;
    form.hidden = true;
    return;
  }
  if (status === 'awaiting_upload' || status === 'recognizing') {
    sayState('review.recognizing', undefined, 'busy');
    form.hidden = true;
    return;
  }
  byId('review-stale').hidden = true;
  byId('review-replace').hidden = status === 'confirmed' || status === 'discarded';
  if (status === 'confirmed' || status === 'discarded') {
    sayState(`review.${status}`);
    form.hidden = true;
    return;
  }
  let items = Array.isArray(draft.items) ? draft.items : [];
  if (status === 'failed') {
    const reason = draft.error && draft.error.message;
    if (reason) sayState('review.failed', { reason }, 'warn');
    else sayState('review.failedNoReason', undefined, 'warn');
    // A failed draft opens the same form with one empty item for filling in by hand.
    items = [{ fields: emptyFields(), confidence: {}, duplicates: [] }];
  } else if (items.length > 1) {
    sayState('review.readyMany', { n: items.length });
  } else {
    sayState('review.ready');
  }
  if (!items.length) items = [{ fields: emptyFields(), confidence: {}, duplicates: [] }];
  byId('review-dup').hidden = !draft.likely_duplicate;
  const container = byId('review-items');
  editors = items.map((item, index) => buildItem(item, index, items.length));
  editors.forEach(wireTools);
  container.replaceChildren(...editors.map((e) => e.box));
  renumber();
  form.hidden = false;
}

/** Wire an item's split and remove buttons. */
function wireTools(entry) {
  entry.box.querySelector('.item-remove').addEventListener('click', () => removeItem(entry));
  entry.box.querySelector('.item-split').addEventListener('click', () => splitItem(entry));
}

/** Number the items again and show the keep switch and remove button only where there is a choice. */
function renumber() {
  const many = editors.length > 1;
  editors.forEach((entry, index) => {
    setText(entry.box.querySelector('.item-legend'), 'review.item', { n: index + 1 });
    entry.box.querySelector('.switch').hidden = !many && !entry.duplicate;
    entry.box.querySelector('.item-remove').hidden = !many;
  });
  labelConfirm();
}

/** Put `entry` back (or new) at position `at` of the form. */
function place(entry, at) {
  const container = byId('review-items');
  const index = Math.min(at, editors.length);
  editors.splice(index, 0, entry);
  container.insertBefore(entry.box, container.children[index] || null);
  renumber();
}

/** A new item from `fields`, placed at `at`, its amount focused for typing. */
function insertItem(fields, at) {
  const entry = buildItem({ fields, confidence: {}, duplicates: [] }, at, editors.length + 1);
  wireTools(entry);
  place(entry, at);
  entry.editor.control('amount').focus();
  return entry;
}

/** What an item's controls hold now, as fields (no checking: nothing is marked while splitting). */
function currentFields(entry) {
  const out = emptyFields();
  for (const name of FIELDS) {
    const value = String(entry.editor.control(name).value ?? '').trim();
    out[name] = name === 'occurred_at' ? localInputToIso(value) || out.occurred_at : value || null;
  }
  return out;
}

/** Split an item: a second one with the same merchant, time and category, its amount left for the person. */
function splitItem(entry) {
  const at = editors.indexOf(entry) + 1;
  insertItem({ ...currentFields(entry), amount: null, order_no: null }, at);
  announce(t('review.splitDone', { n: at + 1 }));
}

/** Add an empty item at the end, on the first item's time and platform (one screenshot, one moment). */
function addItem() {
  const first = editors[0] ? currentFields(editors[0]) : emptyFields();
  insertItem({ ...emptyFields(), occurred_at: first.occurred_at, platform: first.platform }, editors.length);
  announce(t('review.added', { n: editors.length }));
}

/** Take an item out of the form, with an undo in the snackbar. */
function removeItem(entry) {
  const at = editors.indexOf(entry);
  if (at < 0 || editors.length < 2) return;
  editors.splice(at, 1);
  entry.box.remove();
  renumber();
  editors[Math.min(at, editors.length - 1)].box.querySelector('.item-remove, .item-split').focus();
  const shown = draft;
  snackbar(t('review.removed', { n: at + 1 }), {
    actionLabel: t('records.undo'),
    onAction: () => {
      if (draft === shown && !editors.includes(entry)) place(entry, at);
    },
  });
}

/** The confirm button says what it will do: save n payments, or (nothing kept but duplicates) discard. */
function labelConfirm() {
  const button = byId('review-confirm');
  const kept = editors.filter((e) => e.keep.checked).length;
  if (kept === 0 && editors.length) setText(button, 'review.discardDuplicate');
  else if (editors.length > 1 || editors.some((e) => e.duplicate)) setText(button, 'review.confirmN', { n: kept });
  else setText(button, 'review.confirm');
}

/** Load draft `id` and keep polling until recognition settles. */
async function load(id) {
  stopPolling();
  const controller = new AbortController();
  poller = controller;
  sayState('review.loading', undefined, 'busy');
  byId('review-stale').hidden = true;
  byId('review-form').hidden = true;
  byId('review-shot').hidden = true;
  try {
    let rendered = '';
    const last = await pollDraft(id, (d) => {
      // Re-render only when the status changes, so typing is never wiped by a poll.
      if (d.status !== rendered) {
        rendered = d.status;
        render(d);
      }
    }, { signal: controller.signal });
    if (last && !isSettled(last.status) && !controller.signal.aborted) {
      sayState(last.status === 'awaiting_upload' ? 'review.notUploaded' : 'upload.stillWorking', undefined, 'warn');
      byId('review-stale').hidden = false;
    }
  } catch (error) {
    if (error.status === 404) sayState('review.notFound', undefined, 'warn');
    else sayState('');
    showError(error.message);
  }
}

/** Send the kept items; on success go to the records list. */
async function confirm() {
  clearError();
  const kept = editors.filter((e) => e.keep.checked);
  if (!kept.length) {
    // Nothing kept: what the button offered was to discard the screenshot (a duplicate, or every item dropped).
    await discard();
    return;
  }
  const items = [];
  let firstBad = null;
  for (const entry of kept) {
    const { fields, errors } = entry.editor.read();
    if (errors.length && !firstBad) firstBad = { entry, errors };
    // An item kept apart from the invoice (or payment) the review showed it joining says so.
    items.push(entry.attached && !entry.attached() ? { fields, attach: false } : fields);
  }
  if (firstBad) {
    showError(t('review.fixErrors'));
    firstBad.entry.editor.focusFirstError(firstBad.errors);
    return;
  }
  try {
    const answer = await api('POST', `/drafts/${encodeURIComponent(draft.id)}/confirm`, { items });
    const records = Array.isArray(answer.records) ? answer.records : [];
    rememberSaved(records);
    draftChanged(draft.id, 'confirmed');
    navigate('#/records');
    offerNext(draft.id, t('review.saved', { n: records.length }));
  } catch (error) {
    // The draft is untouched on the server: the person can fix and confirm again.
    showError(error.message);
  }
}

/** Say what happened and, when more screenshots from the queue wait for review, offer the next one. */
function offerNext(doneId, message) {
  const next = nextWaiting(doneId);
  if (next) {
    snackbar(message, { actionLabel: t('review.next'), onAction: () => navigate(`#/review/${encodeURIComponent(next)}`) });
  } else {
    announce(message);
  }
}

/** Ask the server to read the screenshot again, then watch it. */
async function retry() {
  clearError();
  try {
    const next = await api('POST', `/drafts/${encodeURIComponent(draft.id)}/retry`);
    announce(t('review.retrying'));
    render(next);
    if (!isSettled(next.status)) load(draft.id);
  } catch (error) {
    showError(error.message);
  }
}

/** Discard the draft after asking (`question`: why it goes); go home. */
async function discard(question = 'review.discardAsk') {
  clearError();
  if (!(await ask(t(question), t('review.discardOk')))) return;
  try {
    await api('DELETE', `/drafts/${encodeURIComponent(draft.id)}`);
    draftChanged(draft.id, 'discarded');
    navigate('#/');
    offerNext(draft.id, t('review.discardedDone'));
  } catch (error) {
    showError(error.message);
  }
}

/** 换一张: upload `file` in this draft's place, then discard this one and review the new one. Nothing changes
 * when the new file is refused or its upload fails (the error says why, and this draft stays). */
async function replaceShot(file) {
  clearError();
  const old = draft;
  if (!old) return;
  announce(t('review.replacing'));
  let next;
  try {
    next = await uploadOne(file);
  } catch (error) {
    showError(error.message);
    return;
  }
  try {
    await api('DELETE', `/drafts/${encodeURIComponent(old.id)}`);
    draftChanged(old.id, 'discarded');
  } catch (error) {
    // The new picture is up either way; the old draft stays in the inbox to discard by hand.
    showError(error.message);
  }
  navigate(`#/review/${encodeURIComponent(next)}`);
  announce(t('review.replaced'));
}

/** Wire the form once; `go` changes the route. */
export function mount(go) {
  navigate = go;
  const form = byId('review-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // Only the 确认 button confirms: Enter (a keyboard's "next" or "go") never saves a half-checked draft.
    if (event.submitter && event.submitter === byId('review-confirm')) busy(byId('review-confirm'), confirm);
  });
  form.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.key !== 'Enter' || event.isComposing || !(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
    event.preventDefault();
    // Move on to the next field, as a keyboard's "next" key promises.
    const controls = [...form.querySelectorAll('input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])')]
      .filter((el) => el.offsetParent !== null);
    const next = controls[controls.indexOf(target) + 1];
    if (next) next.focus();
  });
  byId('review-add').addEventListener('click', addItem);
  const replace = byId('review-replace-input');
  byId('review-replace').addEventListener('submit', (event) => event.preventDefault());
  replace.addEventListener('change', () => {
    const [file] = replace.files;
    replace.value = ''; // picking the same file again still fires "change"
    if (file) busy(replace, () => replaceShot(file));
  });
  byId('review-retry').addEventListener('click', (event) => busy(event.currentTarget, retry));
  byId('review-discard').addEventListener('click', (event) => busy(event.currentTarget, discard));
  byId('review-discard-stale').addEventListener('click', (event) => busy(event.currentTarget, discard));
  byId('review-duplicate').addEventListener('click', (event) => busy(event.currentTarget, () => discard('review.isDuplicateAsk')));
  // An image that cannot load (link expired, storage down) should not leave an empty frame.
  byId('review-img').addEventListener('error', () => {
    if (byId('review-img').getAttribute('src')) byId('review-shot').hidden = true;
  });
  const toggle = byId('shot-toggle');
  toggle.addEventListener('click', () => {
    const zoomed = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(zoomed));
    byId('review-shot').classList.toggle('zoomed', zoomed);
  });
}

/** Show draft `params.id`. */
export function show(params) {
  byId('review-replace').hidden = true;
  byId('review-items').replaceChildren();
  editors = [];
  byId('review-img').removeAttribute('src');
  load(params.id);
}

/** Leave the screen: stop polling. */
export function hide() {
  stopPolling();
}

/** Re-render language-dependent parts after a switch. */
export function relang() {
  for (const entry of editors) entry.editor.relang();
}
