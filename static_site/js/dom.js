// Small DOM helpers: templates, the status and error regions, the snackbar and the confirm dialog.

import { applyI18n, t } from './i18n.js';

/** The element with `id`; throws if the page is missing it (a broken page should say so loudly). */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

/** A new `tag` element with a class and text (textContent only: never HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** Put the stylesheet at `href` on the page once (screens loaded later bring their own CSS). */
export function ensureStylesheet(href) {
  if ([...document.querySelectorAll('link[rel=stylesheet]')].some((link) => link.href === href)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}

/** A translated copy of `<template id=...>`'s first element. */
export function cloneTemplate(id) {
  const fragment = byId(id).content.cloneNode(true);
  applyI18n(fragment);
  return fragment.firstElementChild;
}

/** Set `el`'s text, hiding it when empty. */
export function showText(el, text) {
  el.textContent = text || '';
  el.hidden = !text;
}

let statusTimer = 0;

/** Say `message` to screen readers (and clear any shown error that it supersedes). */
export function announce(message) {
  const status = byId('status');
  clearTimeout(statusTimer);
  // Clearing first makes a repeated sentence be read again.
  status.textContent = '';
  statusTimer = setTimeout(() => {
    status.textContent = message;
  }, 50);
}

/** Show an error sentence in the alert region; never raw JSON. */
export function showError(message) {
  byId('error-text').textContent = message || t('err.network');
  byId('error').hidden = false;
}

/** Hide the error region. */
export function clearError() {
  byId('error').hidden = true;
  byId('error-text').textContent = '';
}

let snackTimer = 0;
let snackAction = null;

/** Show a snackbar with `text` and an optional action button for `ms` milliseconds. */
export function snackbar(text, { actionLabel, onAction, ms = 8000 } = {}) {
  const bar = byId('snackbar');
  const button = byId('snackbar-action');
  byId('snackbar-text').textContent = text;
  snackAction = onAction || null;
  button.hidden = !onAction;
  button.textContent = actionLabel || '';
  bar.hidden = false;
  announce(actionLabel ? `${text}. ${actionLabel}?` : text);
  clearTimeout(snackTimer);
  const hide = () => {
    // Someone about to press the action keeps it: wait until focus leaves.
    if (bar.contains(document.activeElement)) {
      snackTimer = setTimeout(hide, 2000);
      return;
    }
    bar.hidden = true;
    snackAction = null;
  };
  snackTimer = setTimeout(hide, ms);
}

const CARRIED = 'snapledger.snackbar';

/** Show `text` in the snackbar once the page has loaded again (a book switch starts the page afresh). */
export function snackbarAfterReload(text) {
  try {
    sessionStorage.setItem(CARRIED, text);
  } catch {
    // Private mode without storage: the sentence is lost with the page, the switch itself is not.
  }
}

/** Wire the snackbar's action button once, and say what a reload was asked to say. */
export function initSnackbar() {
  let carried = null;
  try {
    carried = sessionStorage.getItem(CARRIED);
    sessionStorage.removeItem(CARRIED);
  } catch {
    carried = null;
  }
  if (carried) snackbar(carried);
  byId('snackbar-action').addEventListener('click', () => {
    const action = snackAction;
    snackAction = null;
    byId('snackbar').hidden = true;
    clearTimeout(snackTimer);
    if (action) action();
  });
  byId('error-close').addEventListener('click', clearError);
}

/** Ask a yes/no question in the native dialog; resolves true when the person confirms. */
export function ask(question, okLabel) {
  const dialog = byId('confirm-dialog');
  byId('confirm-text').textContent = question;
  byId('confirm-ok').textContent = okLabel;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

/** Mark a button busy while `work` runs, so a second tap does nothing. */
export async function busy(button, work) {
  if (button.disabled) return undefined;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
