// Talking to /api (same origin) and to Blob Storage; every failure becomes an ApiError with a sentence.

import { withBook } from './books.js';
import { acceptLanguage, t } from './i18n.js';

/** A failed call: `message` is a sentence for people, `code` a stable name, `body` the parsed answer. */
export class ApiError extends Error {
  constructor(message, { status = 0, code = 'network', body = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

let onUnauthorized = null;

// A 503 with Retry-After is the server saying it is busy (its database connections are all in use) and wrote
// nothing: a read is asked again after the wait it names, a few times, before the person sees its sentence.
// Writes are left to the person, because a write that timed out after its commit must not be sent twice.
const BUSY_RETRIES = 2;
const BUSY_WAIT_MAX_MS = 5000;
const RETRIED_METHODS = new Set(['GET', 'HEAD']);

/** Milliseconds a 503 answer asks the page to wait before asking again (its Retry-After), or null. */
function busyWait(response) {
  if (response.status !== 503) return null;
  const seconds = Number(response.headers.get('Retry-After'));
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  return Math.min(BUSY_WAIT_MAX_MS, seconds * 1000);
}

/**
 * Let `handler` (the sign-in screen) take over when a call answers 401: it resolves once the person is signed in
 * again, and the call is then made once more, so whatever was being done goes on.
 */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

/**
 * Call the API and return its JSON (null for 204); throws ApiError. A FormData `body` is sent as
 * multipart/form-data (a bill file), anything else as JSON. A 401 waits for signing in and tries again, unless
 * `signIn` is false (the sign-in calls themselves). A read the server answers "busy, retry after N s" (503 with
 * Retry-After) is asked again after that wait, at most `busyRetries` times. Every call names the chosen book
 * (`book=`, see books.js).
 */
export async function api(method, path, body, { signIn = true, busyRetries = BUSY_RETRIES } = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': acceptLanguage() };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body instanceof FormData) {
    init.body = body; // the browser writes the multipart boundary into Content-Type itself
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api${withBook(path)}`, init);
  } catch {
    throw new ApiError(t('err.network'));
  }
  if (response.status === 401 && signIn && onUnauthorized) {
    await onUnauthorized();
    return api(method, path, body, { signIn: false, busyRetries });
  }
  const wait = busyWait(response);
  if (wait !== null && busyRetries > 0 && RETRIED_METHODS.has(method)) {
    await sleep(wait);
    return api(method, path, body, { signIn, busyRetries: busyRetries - 1 });
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data && typeof data === 'object' ? data.error : null;
    const message = error && typeof error.message === 'string' && error.message
      ? error.message
      : t('err.http', { status: response.status });
    const code = error && typeof error.code === 'string' ? error.code : `http_${response.status}`;
    throw new ApiError(message, { status: response.status, code, body: data });
  }
  if (data === null || typeof data !== 'object') {
    throw new ApiError(t('err.badResponse'), { status: response.status, code: 'bad_response' });
  }
  return data;
}

/** Build a query string from the non-empty entries of `params`. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** PUT `file` to a SAS `url` with exactly `headers`, reporting 0..1 progress; resolves when stored. */
export function putBlob(url, file, headers, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers || {})) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(new ApiError(t('upload.putFailed', { status: xhr.status }), { status: xhr.status, code: 'upload_failed' }));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(t('err.network'))));
    xhr.addEventListener('abort', () => reject(new ApiError(t('err.network'), { code: 'aborted' })));
    xhr.send(file);
  });
}

const TERMINAL = new Set(['ready', 'failed', 'confirmed', 'discarded']);

/** Whether a draft status will not change without a person acting. */
export function isSettled(status) {
  return TERMINAL.has(status);
}

/**
 * Poll a draft until it settles, calling `onUpdate` with each answer; stop early via `signal`. Recognition
 * takes about a second, so the first looks come quickly (150 ms, then 1.35× longer each time, at most 1.2 s):
 * the fields show within a tenth of a second or so of being read, not after a long back-off.
 */
export async function pollDraft(id, onUpdate, { signal, maxMs = 180000 } = {}) {
  let delay = 150;
  const started = Date.now();
  for (;;) {
    if (signal?.aborted) return null;
    let draft = null;
    try {
      draft = await api('GET', `/drafts/${encodeURIComponent(id)}`);
    } catch (error) {
      // A lost connection is retried; a definite "no" (404, 403) ends the wait.
      if (error.status >= 400 && error.status < 500) throw error;
    }
    if (signal?.aborted) return null;
    if (draft) {
      onUpdate(draft);
      if (isSettled(draft.status)) return draft;
    }
    if (Date.now() - started > maxMs) return draft;
    await sleep(delay, signal);
    delay = Math.min(1200, Math.round(delay * 1.35));
  }
}

/** Wait `ms` milliseconds, ending early when `signal` aborts. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
