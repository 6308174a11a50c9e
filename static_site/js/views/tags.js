// A record's tags in 账单: the editor's chips (each one's × takes it off) with an input to add one, and how a
// record row names its tags. Tags are short words (records/tags.py): no spaces, commas or #, at most 10.

import { el } from '../dom.js';
import { addStrings, t } from '../i18n.js';

addStrings({
  zh: {
    'tags.label': '标签',
    'tags.add': '添加标签',
    'tags.new': '新标签',
    'tags.remove': '去掉标签 {tag}',
    'tags.bad': '标签是 1 到 16 个字的词，不能有空格、逗号或 #，最多 10 个。',
    'tags.filter': '标签',
    'batch.tag': '标签',
    'batch.addTag': '加上标签',
    'batch.removeTag': '去掉标签',
    'batch.tagged': '{n} 笔账单加上了标签 {tag}',
    'batch.untagged': '{n} 笔账单去掉了标签 {tag}',
  },
  en: {
    'tags.label': 'Tags',
    'tags.add': 'Add tag',
    'tags.new': 'New tag',
    'tags.remove': 'Remove tag {tag}',
    'tags.bad': 'A tag is a word of 1 to 16 characters without spaces, commas or #; 10 at most.',
    'tags.filter': 'Tag',
    'batch.tag': 'Tag',
    'batch.addTag': 'Add tag',
    'batch.removeTag': 'Remove tag',
    'batch.tagged': 'Tag {tag} added to {n} records',
    'batch.tagged_one': 'Tag {tag} added to 1 record',
    'batch.untagged': 'Tag {tag} removed from {n} records',
    'batch.untagged_one': 'Tag {tag} removed from 1 record',
  },
});

export const MAX_TAGS = 10;
const BAD = /[\s,#]/;

/** A typed tag trimmed (a leading # dropped), or null when it is not a tag the server takes. */
export function cleanTag(text) {
  const tag = String(text || '').trim().replace(/^#+/, '');
  return tag && tag.length <= 16 && !BAD.test(tag) ? tag : null;
}

/** How a row names its tags: "#出差 #报销" ('' for none). */
export function tagLine(tags) {
  return (Array.isArray(tags) ? tags : []).map((tag) => `#${tag}`).join(' ');
}

/** The chips editor for `tags`; answers {element, read(): the tags now}. */
export function tagEditor(tags, idPrefix) {
  let current = Array.isArray(tags) ? [...tags] : [];
  const root = el('div', 'field tag-field');
  const label = el('span', 'label', t('tags.label'));
  label.id = `${idPrefix}-tags-label`;
  const chips = el('ul', 'tag-chips');
  chips.setAttribute('aria-labelledby', label.id);
  const row = el('div', 'tag-add');
  const input = el('input');
  input.id = `${idPrefix}-tag-new`;
  input.maxLength = 17;
  input.autocomplete = 'off';
  input.setAttribute('aria-label', t('tags.new'));
  const add = el('button', 'button small-btn', t('tags.add'));
  add.type = 'button';
  const note = el('p', 'field-note');
  note.hidden = true;
  note.setAttribute('role', 'alert');

  function draw() {
    chips.replaceChildren(...current.map((tag) => {
      const li = el('li', 'tag-chip');
      li.append(el('span', null, `#${tag}`));
      const remove = el('button', 'tag-remove', '×');
      remove.type = 'button';
      remove.setAttribute('aria-label', t('tags.remove', { tag }));
      remove.addEventListener('click', () => {
        current = current.filter((other) => other !== tag);
        draw();
        input.focus();
      });
      li.append(remove);
      return li;
    }));
  }

  function addTyped() {
    const tag = cleanTag(input.value);
    const known = current.some((other) => other.toLowerCase() === (tag || '').toLowerCase());
    note.hidden = Boolean(tag) && (known || current.length < MAX_TAGS);
    if (!note.hidden) {
      note.textContent = t('tags.bad');
      return;
    }
    if (!known) current.push(tag);
    input.value = '';
    draw();
  }

  add.addEventListener('click', addTyped);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      addTyped();
    }
  });
  input.addEventListener('input', () => { note.hidden = true; });
  row.append(input, add);
  root.append(label, chips, row, note);
  draw();
  return {
    element: root,
    /** The tags as edited, with anything still typed in the input added (when it is a tag). */
    read() {
      if (input.value.trim()) addTyped();
      return [...current];
    },
  };
}
