// 记一笔: pick several screenshots, upload each with its own progress, then watch recognition fill the queue.

import { api, ApiError, pollDraft, putBlob } from '../api.js';
import { announce, byId, cloneTemplate } from '../dom.js';
import { setText, t } from '../i18n.js';
import { formatAmount } from '../money.js';

// Screenshots, and e-invoices as issued: PDF, OFD and the 数电票 XML (browsers often give .ofd no type).
const ALLOWED = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', heic: 'image/heic',
  pdf: 'application/pdf', ofd: 'application/ofd', xml: 'application/xml',
};
const MAX_BYTES = 10 * 1024 * 1024;
const PARALLEL_UPLOADS = 2;
const RATE_LIMIT_WAIT_MS = 20000;

const waiting = [];
const entries = new Map();
let active = 0;

/** The content type to declare for `file`, or null when it is not an allowed image. */
function contentTypeOf(file) {
  const declared = (file.type || '').toLowerCase();
  if (Object.values(ALLOWED).includes(declared)) return declared;
  if (declared === 'image/heif') return 'image/heic';
  if (declared === 'text/xml') return 'application/xml';
  // Some phones hand over HEIC (or anything) with an empty type: fall back to the extension.
  const ext = (file.name.split('.').pop() || '').toLowerCase();
  return !declared || declared === 'application/octet-stream' ? ALLOWED[ext] || null : null;
}

const KINDS = {
  'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp', 'image/heic': 'heic',
  'application/pdf': 'pdf', 'application/ofd': 'ofd', 'application/xml': 'xml',
};

/** What the first bytes say a file is ('png', 'jpeg', 'webp', 'heic', 'pdf', 'ofd', 'xml') or null. */
export async function sniffFile(file) {
  const bytes = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  const text = (from, to) => String.fromCharCode(...bytes.slice(from, to));
  if (bytes[0] === 0x89 && text(1, 4) === 'PNG') return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (text(0, 4) === 'RIFF' && text(8, 12) === 'WEBP') return 'webp';
  if (text(4, 8) === 'ftyp' && ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(text(8, 12))) return 'heic';
  if (text(0, 5) === '%PDF-') return 'pdf';
  if (text(0, 4) === 'PK\u0003\u0004' && text(0, bytes.length).includes('OFD.xml')) return 'ofd';
  const head = text(0, 512).replace(/^\ufeff|^\u00ef\u00bb\u00bf/, '').trimStart();
  if (head.startsWith('<?xml') || head.startsWith('<EInvoice')) return 'xml';
  return null;
}

/** One queued screenshot and its row in the list. */
class Entry {
  constructor(file) {
    this.file = file;
    this.draftId = null;
    this.ticket = null;
    this.autoRetries = 0;
    this.li = cloneTemplate('tpl-queue-item');
    this.progress = this.li.querySelector('.q-progress');
    this.state = this.li.querySelector('.q-state');
    this.summary = this.li.querySelector('.q-summary');
    this.open = this.li.querySelector('.q-open');
    this.retry = this.li.querySelector('.q-retry');
    this.li.querySelector('.q-name').textContent = file.name;
    this.progress.setAttribute('aria-label', file.name);
    const thumb = this.li.querySelector('.q-thumb');
    const url = URL.createObjectURL(file);
    thumb.addEventListener('load', () => { thumb.hidden = false; }, { once: true });
    thumb.addEventListener('error', () => URL.revokeObjectURL(url), { once: true });
    thumb.src = url;
    this.retry.addEventListener('click', () => this.start());
    // Settles once the bytes are stored (the draft id) or the first attempt failed (the error): what 换一张 waits for.
    this.stored = new Promise((resolve, reject) => {
      this.resolveStored = resolve;
      this.rejectStored = reject;
    });
    this.stored.catch(() => {});
  }

  /** Show a state line; `error` marks it as a problem. */
  say(key, vars, error = false) {
    setText(this.state, key, vars);
    this.li.classList.toggle('is-error', error);
  }

  /** Show a sentence from the server (already in the person's language). */
  sayMessage(message) {
    delete this.state.dataset.i18n;
    this.state.textContent = message;
    this.li.classList.add('is-error');
  }

  /** Check the file locally; returns an error key or null. */
  check() {
    if (!contentTypeOf(this.file)) return 'upload.badType';
    if (this.file.size > MAX_BYTES) return 'upload.tooLarge';
    if (this.file.size === 0) return 'upload.empty';
    return null;
  }

  /** Queue the upload (again, after a failure). */
  start() {
    if (waiting.includes(this)) return;
    this.retry.hidden = true;
    this.li.classList.remove('is-error');
    this.progress.hidden = false;
    this.progress.value = 0;
    this.say('upload.waiting');
    waiting.push(this);
    pump();
  }

  /** Ask for an upload URL (unless the last one is still valid), PUT the bytes, then follow recognition. */
  async upload() {
    const contentType = contentTypeOf(this.file);
    this.say('upload.preparing');
    // A text file renamed .png is refused here, before a byte leaves the phone.
    if ((await sniffFile(this.file).catch(() => null)) !== KINDS[contentType]) {
      this.say('upload.notWhatItSays');
      this.li.classList.add('is-error');
      this.progress.hidden = true;
      this.rejectStored(new Error(t('upload.notWhatItSays')));
      return;
    }
    try {
      if (!this.ticket || Date.parse(this.ticket.expires_at) - Date.now() < 30000) {
        this.ticket = await api('POST', '/uploads', {
          filename: this.file.name,
          content_type: contentType,
          size: this.file.size,
          // When the phone says the file was made: anchors dates without a year if the picture itself is silent.
          ...(Number.isInteger(this.file.lastModified) ? { last_modified: this.file.lastModified } : {}),
        });
        this.draftId = this.ticket.draft_id;
        entries.set(this.draftId, this);
      }
      await putBlob(this.ticket.upload_url, this.file, this.ticket.headers, (share) => {
        const pct = Math.round(share * 100);
        this.progress.value = pct;
        this.say('upload.uploading', { pct });
      });
    } catch (error) {
      this.fail(error);
      return;
    }
    this.progress.hidden = true;
    this.resolveStored(this.draftId);
    this.follow();
  }

  /** Show an upload failure and offer a retry when retrying can help. */
  fail(error) {
    this.progress.hidden = true;
    this.rejectStored(error instanceof ApiError ? error : new Error(t('err.network')));
    this.sayMessage(error instanceof ApiError ? error.message : t('err.network'));
    if (error.code === 'upload_failed') this.ticket = null;
    if (error.status === 429 && this.autoRetries < 3) {
      // Too many uploads this minute: wait, then try again without the person having to.
      this.autoRetries += 1;
      setTimeout(() => this.start(), RATE_LIMIT_WAIT_MS * this.autoRetries);
    }
    // The API refusing the file (wrong type, too large) would refuse it again; storage or network trouble may pass.
    const refused = error instanceof ApiError && error.status >= 400 && error.status < 500
      && error.status !== 429 && error.code !== 'upload_failed';
    this.retry.hidden = refused;
  }

  /** Poll the draft and show its progress through recognition. */
  async follow() {
    this.say('st.recognizing');
    try {
      const draft = await pollDraft(this.draftId, (d) => this.show(d));
      if (!draft || draft.status === 'recognizing' || draft.status === 'awaiting_upload') this.say('upload.stillWorking');
    } catch (error) {
      this.sayMessage(error.message);
    }
  }

  /** Mark the row done once its draft was confirmed or discarded on the review screen. */
  settle(status) {
    this.waitingForReview = false;
    this.say(`st.${status}`);
    this.open.hidden = true;
    this.li.classList.add('is-done');
  }

  /** Reflect a draft's status in the row. */
  show(draft) {
    this.say(`st.${draft.status}`, undefined, draft.status === 'failed');
    // The server's word (records.drafts.likely_duplicate): the picture or a payment on it is already recorded.
    this.li.querySelector('.q-dup').hidden = !draft.likely_duplicate;
    if (draft.status === 'ready' || draft.status === 'failed') {
      this.waitingForReview = true;
      this.open.href = `#/review/${encodeURIComponent(draft.id)}`;
      setText(this.open, draft.status === 'ready' ? 'upload.review' : 'upload.fillIn');
      this.open.hidden = false;
      const first = draft.items && draft.items[0] ? draft.items[0].fields : null;
      if (first) {
        const parts = [formatAmount(first.amount), first.merchant].filter(Boolean);
        if (draft.items.length > 1) parts.push(t('home.items', { n: draft.items.length }));
        this.summary.textContent = parts.join(' · ');
      } else if (draft.error && draft.error.message) {
        this.summary.textContent = draft.error.message;
      }
      onSettled();
    }
  }
}

/** Start queued uploads while fewer than PARALLEL_UPLOADS run. */
function pump() {
  while (active < PARALLEL_UPLOADS && waiting.length) {
    const entry = waiting.shift();
    active += 1;
    entry.upload().finally(() => {
      active -= 1;
      pump();
    });
  }
}

let settledCount = 0;

/** Announce progress when drafts finish recognition. */
function onSettled() {
  settledCount += 1;
  announce(t('upload.allDone', { n: settledCount }));
}

/** Add files to the queue (from the picker or a share). */
export function enqueue(files) {
  const list = byId('queue');
  const entries = [];
  for (const file of files) {
    const entry = new Entry(file);
    list.prepend(entry.li);
    const problem = entry.check();
    if (problem) {
      entry.progress.hidden = true;
      entry.say(problem, undefined, true);
    } else {
      entries.push(entry);
    }
  }
  byId('queue-empty').hidden = list.children.length > 0;
  announce(t('upload.added', { n: files.length }));
  for (const entry of entries) entry.start();
}

/** Queue one picked file, as the picker does; resolves with its draft id once its bytes are stored, and rejects
 * with an Error whose message says why when it is refused here (type, size, content) or its upload fails. */
export function uploadOne(file) {
  const entry = new Entry(file);
  byId('queue').prepend(entry.li);
  byId('queue-empty').hidden = true;
  const problem = entry.check();
  if (problem) {
    entry.progress.hidden = true;
    entry.say(problem, undefined, true);
    return Promise.reject(new Error(t(problem)));
  }
  entry.start();
  return entry.stored;
}

/** The id of a queued draft that is read and still waiting for review, other than `exceptId`, or null. */
export function nextWaiting(exceptId) {
  for (const [id, entry] of entries) {
    if (id !== exceptId && entry.waitingForReview) return id;
  }
  return null;
}

/** Wire the file picker once. */
export function mount() {
  document.addEventListener('draft-changed', (event) => {
    const entry = entries.get(event.detail.id);
    if (entry) entry.settle(event.detail.status);
  });
  const input = byId('file-input');
  input.addEventListener('change', () => {
    const files = [...input.files];
    // Reset so picking the same file again still fires "change".
    input.value = '';
    if (files.length) enqueue(files);
  });
  byId('upload-form').addEventListener('submit', (event) => event.preventDefault());
  // On a computer a screenshot is often on the clipboard: pasting on this screen queues it.
  document.addEventListener('paste', (event) => {
    if (byId('view-upload').hidden) return;
    const files = [...(event.clipboardData?.files || [])];
    if (files.length) {
      event.preventDefault();
      enqueue(files);
    }
  });
  // Leaving mid-upload loses the screenshot: let the browser ask first.
  window.addEventListener('beforeunload', (event) => {
    if (active > 0 || waiting.length > 0) event.preventDefault();
  });
}

/** Show the upload screen. */
export function show() {
  byId('queue-empty').hidden = byId('queue').children.length > 0;
}
