// 手动记一笔: the same labelled fields, saved straight to /api/records.

import { api } from '../api.js';
import { announce, busy, byId, clearError, showError } from '../dom.js';
import { t } from '../i18n.js';
import { createFieldEditor, emptyFields } from '../fields.js';
import { rememberSaved } from './records.js';

let editor = null;
let navigate = () => {};

/** Save the manual entry and go to the list. */
async function save() {
  clearError();
  const { fields, errors } = editor.read();
  if (errors.length) {
    showError(t('review.fixErrors'));
    editor.focusFirstError(errors);
    return;
  }
  try {
    const record = await api('POST', '/records', fields);
    rememberSaved([record]);
    announce(t('new.saved'));
    navigate('#/records');
  } catch (error) {
    showError(error.message);
  }
}

/** Wire the form once. */
export function mount(go) {
  navigate = go;
  const form = byId('new-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form.querySelector('[type=submit]'), save);
  });
}

/** Show a fresh form. */
export function show() {
  editor = createFieldEditor(emptyFields());
  byId('new-fields').replaceChildren(editor.element);
}

/** Re-render language-dependent parts after a switch. */
export function relang() {
  if (editor) editor.relang();
}
