// Signing in, first-run setup and signing out (AUTH_MODE=accounts). Any API call that answers 401 waits here: the
// sign-in screen covers the page, whatever was being edited stays in it untouched, and once signed in the call
// is made again, so the person goes on where they were.

import { api, setUnauthorizedHandler } from './api.js';
import { busy, byId, showText } from './dom.js';
import { setText, t } from './i18n.js';

let waiting = null; // {promise, resolve} while the sign-in screen is up
let knownOwner = null; // whose page this is: signing in as someone else starts the page afresh
const listeners = new Set();

/** Call `fn(person)` after each sign-in (the header and the category list are drawn again). */
export function onSignedIn(fn) {
  listeners.add(fn);
}

/** Note whose data the page holds (from /api/me). */
export function rememberOwner(owner) {
  knownOwner = owner || null;
}

/** The first-run token of a #/setup?token=… address, or null. */
function setupToken() {
  const match = location.hash.match(/^#\/setup\?(.*)$/);
  return match ? new URLSearchParams(match[1]).get('token') : null;
}

/** Show the sign-in screen (once, however many calls are waiting); resolves when signed in. */
export function needSignIn() {
  if (!waiting) {
    let resolve;
    const promise = new Promise((done) => {
      resolve = done;
    });
    waiting = { promise, resolve };
    open();
  }
  return waiting.promise;
}

/** Decide which form to show: setup with a first-run link, Easy Auth's own page on Azure, else sign-in. */
async function open() {
  let state = null;
  try {
    state = await api('GET', '/setup', undefined, { signIn: false });
  } catch {
    // Offline or down: the sign-in form still shows, and says what went wrong when used.
  }
  if (state && state.auth_mode === 'easyauth') {
    location.assign(`/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(location.pathname + location.hash)}`);
    return;
  }
  const token = setupToken();
  const setup = Boolean(token) && (!state || state.setup_needed);
  show(setup ? 'setup' : 'signin');
  byId('signin-first').hidden = !(state && state.setup_needed && !setup);
  if (token && !setup) showText(byId('signin-error'), t('signin.setupDone'));
}

/** Cover the page with one of the two forms; the page underneath keeps everything, out of reach. */
function show(mode) {
  document.body.classList.add('signing-in');
  byId('main').inert = true;
  document.querySelector('nav.tabs').inert = true;
  byId('signin').hidden = false;
  byId('signin-form').hidden = mode !== 'signin';
  byId('setup-form').hidden = mode !== 'setup';
  byId('signin-intro').hidden = mode !== 'signin';
  setText(byId('signin-title'), mode === 'setup' ? 'setup.title' : 'signin.title');
  window.scrollTo(0, 0);
  byId(mode === 'setup' ? 'setup-username' : 'signin-username').focus();
}

/** Uncover the page and let the waiting calls go on (or start afresh when someone else signed in). */
function signedIn(person) {
  for (const id of ['signin-password', 'signin-otp', 'setup-password', 'setup-repeat']) byId(id).value = '';
  if (knownOwner && person.id !== knownOwner) {
    // Another person's page must not carry on with what the last one left open.
    history.replaceState(null, '', location.pathname);
    location.reload();
    return;
  }
  knownOwner = person.id;
  if (setupToken() !== null) history.replaceState(null, '', `${location.pathname}#/`);
  document.body.classList.remove('signing-in');
  byId('main').inert = false;
  document.querySelector('nav.tabs').inert = false;
  byId('signin').hidden = true;
  byId('signin-error').hidden = true;
  byId('setup-error').hidden = true;
  const done = waiting;
  waiting = null;
  if (done) done.resolve();
  for (const fn of listeners) fn(person);
}

/** Send the sign-in form; a second step (otp_required) opens the code field. */
async function submitSignIn(event) {
  event.preventDefault();
  const error = byId('signin-error');
  const username = byId('signin-username').value.trim();
  const password = byId('signin-password').value;
  if (!username || !password) {
    showText(error, t('signin.missing'));
    return;
  }
  const body = { username, password };
  const otp = byId('signin-otp').value.trim();
  if (!byId('signin-otp-field').hidden && otp) body.otp = otp;
  await busy(byId('signin-submit'), async () => {
    try {
      const answer = await api('POST', '/session', body, { signIn: false });
      byId('signin-otp-field').hidden = true;
      signedIn(answer.person);
    } catch (failure) {
      showText(error, failure.message);
      if (failure.code === 'otp_required' || failure.code === 'bad_otp') {
        byId('signin-otp-field').hidden = false;
        byId('signin-otp').value = '';
        byId('signin-otp').focus();
      }
    }
  });
}

/** Send the first-run form with the link's token. */
async function submitSetup(event) {
  event.preventDefault();
  const error = byId('setup-error');
  const password = byId('setup-password').value;
  if (password !== byId('setup-repeat').value) {
    showText(error, t('setup.mismatch'));
    return;
  }
  const body = { token: setupToken() || '', username: byId('setup-username').value.trim(), password };
  await busy(byId('setup-submit'), async () => {
    try {
      const answer = await api('POST', '/setup', body, { signIn: false });
      signedIn(answer.person);
    } catch (failure) {
      showText(error, failure.message);
    }
  });
}

/** Sign out (this device, or with `everywhere` every device) and start the page afresh, signed out. */
export async function signOut({ everywhere = false } = {}) {
  try {
    await api('DELETE', everywhere ? '/session?all=1' : '/session', undefined, { signIn: false });
  } finally {
    // Nothing of this person's stays in the page's memory.
    history.replaceState(null, '', location.pathname);
    location.reload();
  }
}

/** Wire the forms and take over 401 answers. */
export function mountSession() {
  setUnauthorizedHandler(needSignIn);
  byId('signin-form').addEventListener('submit', submitSignIn);
  byId('setup-form').addEventListener('submit', submitSetup);
  byId('sign-out').addEventListener('click', () => signOut());
}
