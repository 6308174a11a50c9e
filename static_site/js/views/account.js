// 账户: change the password, two-step sign-in (QR code, confirm, recovery codes, turn off), the signed-in devices
// with "sign out everywhere", and the recent sign-ins.

import { api } from '../api.js';
import { ask, busy, byId, el, showText, snackbar } from '../dom.js';
import { locale, t } from '../i18n.js';
import { signOut } from '../session.js';

let last = null; // {me, sessions} as last drawn, for a language switch

/** A stored UTC time as the person's local date and time. */
function when(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Draw the two-step sign-in section for its state. */
function drawTotp(me, recoveryLeft) {
  byId('totp-state').textContent = me.totp ? t('account.totpIsOn', { n: recoveryLeft ?? '—' }) : t('account.totpIsOff');
  byId('totp-start').hidden = me.totp;
  byId('totp-off-form').hidden = !me.totp;
  if (me.totp) byId('totp-enrol').hidden = true;
}

/** Draw the devices list; each other device can be signed out. */
function drawSessions(list) {
  const items = list.map((session) => {
    const item = el('li', 'plain-item');
    const main = el('div', 'plain-main');
    main.append(el('span', 'plain-title', session.device || t('account.unknownDevice')));
    main.append(
      el('span', 'small muted', t('account.lastSeen', { time: when(session.last_seen_at), address: session.address || '—' })),
    );
    item.append(main);
    if (session.current) {
      item.append(el('span', 'auth-note', t('account.thisDevice')));
    } else {
      const end = el('button', 'button small-btn', t('account.endSession'));
      end.type = 'button';
      end.addEventListener('click', () => busy(end, async () => {
        await api('DELETE', `/sessions/${encodeURIComponent(session.id)}`);
        snackbar(t('account.sessionEnded'));
        await load();
      }));
      item.append(end);
    }
    return item;
  });
  byId('session-list').replaceChildren(...items);
}

/** Draw the recent sign-ins (time, what happened, where from). */
function drawHistory(list) {
  const items = list.map((entry) => {
    const item = el('li', 'plain-item');
    const main = el('div', 'plain-main');
    main.append(el('span', 'plain-title', t(`outcome.${entry.outcome}`)));
    main.append(el('span', 'small muted', `${when(entry.at)} · ${entry.address || '—'} · ${entry.device || t('account.unknownDevice')}`));
    item.append(main);
    return item;
  });
  if (!items.length) items.push(el('li', 'muted small', t('account.historyEmpty')));
  byId('history-list').replaceChildren(...items);
}

/** Fetch and draw everything on the screen. */
async function load() {
  const [me, sessions] = await Promise.all([api('GET', '/me'), api('GET', '/sessions')]);
  last = { me, sessions };
  draw();
}

function draw() {
  if (!last) return;
  byId('account-name').textContent = last.me.username || last.me.display_name || '';
  drawTotp(last.me, last.me.recovery_codes_left);
  drawSessions(last.sessions.sessions);
  drawHistory(last.sessions.sign_ins);
}

/** Change the password: the new one twice, the current one once more. */
async function changePassword(event) {
  event.preventDefault();
  const note = byId('password-note');
  const current = byId('password-current');
  const fresh = byId('password-new');
  const repeat = byId('password-repeat');
  if (fresh.value !== repeat.value) {
    showText(note, t('setup.mismatch'));
    return;
  }
  await busy(byId('password-submit'), async () => {
    try {
      const answer = await api('POST', '/password', { current: current.value, new: fresh.value });
      for (const input of [current, fresh, repeat]) input.value = '';
      showText(note, '');
      snackbar(t('account.passwordChanged', { n: answer.sessions_ended }));
      await load();
    } catch (error) {
      showText(note, error.message);
    }
  });
}

/** Start enrolling: show the QR code and the key. */
async function startTotp() {
  const note = byId('totp-note');
  await busy(byId('totp-start'), async () => {
    try {
      const started = await api('POST', '/totp');
      byId('totp-qr').src = started.qr;
      byId('totp-secret').textContent = started.secret.replace(/(.{4})/g, '$1 ').trim();
      byId('totp-enrol').hidden = false;
      byId('totp-codes').hidden = true;
      showText(note, '');
      byId('totp-code').focus();
    } catch (error) {
      showText(note, error.message);
    }
  });
}

/** Confirm with a code from the app; show the recovery codes once. */
async function confirmTotp(event) {
  event.preventDefault();
  const note = byId('totp-note');
  await busy(byId('totp-confirm'), async () => {
    try {
      const answer = await api('POST', '/totp/confirm', { code: byId('totp-code').value.trim() });
      byId('totp-code').value = '';
      byId('totp-enrol').hidden = true;
      byId('totp-code-list').replaceChildren(...answer.recovery_codes.map((code) => el('li', 'secret', code)));
      byId('totp-codes').hidden = false;
      showText(note, t('account.totpOn'));
      await load();
    } catch (error) {
      showText(note, error.message);
    }
  });
}

/** Turn two-step sign-in off with the password. */
async function turnOffTotp(event) {
  event.preventDefault();
  const note = byId('totp-note');
  const password = byId('totp-off-password');
  await busy(byId('totp-off'), async () => {
    try {
      await api('POST', '/totp/disable', { password: password.value });
      password.value = '';
      byId('totp-codes').hidden = true;
      showText(note, t('account.totpTurnedOff'));
      await load();
    } catch (error) {
      showText(note, error.message);
    }
  });
}

/** Wire the screen once. */
export function mount() {
  byId('password-form').addEventListener('submit', changePassword);
  byId('totp-start').addEventListener('click', startTotp);
  byId('totp-confirm-form').addEventListener('submit', confirmTotp);
  byId('totp-off-form').addEventListener('submit', turnOffTotp);
  byId('sign-out-all').addEventListener('click', async () => {
    if (await ask(t('account.signOutAllAsk'), t('account.signOutAll'))) await signOut({ everywhere: true });
  });
}

/** Show the screen with fresh data. */
export function show() {
  load().catch((error) => showText(byId('password-note'), error.message));
}

/** Redraw the formatted parts in the new language. */
export function relang() {
  draw();
}
