// 分类: the book's own category list. Add one (a name, a parent for a sub-category, an icon, a colour), and per
// category move it up or down, rename it, change its icon or colour, merge it into another, hide or remove it.
// Every answer is the whole list again, handed to fields.js so the quick-entry grid and the selects follow.

import { api } from '../api.js';
import { ask, busy, byId, el, showText, snackbar } from '../dom.js';
import { addStrings, t } from '../i18n.js';
import { categoryListing, categoryName, setCategories } from '../fields.js';

addStrings({
  zh: {
    'cats.title': '分类',
    'cats.edit': '管理分类',
    'cats.intro': '这里的顺序就是记一笔和选择框里的顺序。改名或合并时，已有的账单、预算和学到的规则会一起改过去。',
    'cats.add': '添加分类',
    'cats.name': '名称（1 到 16 个字）',
    'cats.parent': '上级分类',
    'cats.topLevel': '无（一级分类）',
    'cats.icon': '图标（一个表情或字，可不填）',
    'cats.colour': '颜色',
    'cats.autoColour': '自动',
    'cats.addButton': '添加',
    'cats.added': '已添加分类“{name}”',
    'cats.list': '这个账本的分类',
    'cats.hiddenList': '已隐藏的分类',
    'cats.sub': '{parent} 的子分类',
    'cats.up': '上移',
    'cats.down': '下移',
    'cats.upLabel': '上移 {name}',
    'cats.downLabel': '下移 {name}',
    'cats.editOne': '修改',
    'cats.save': '保存',
    'cats.saved': '分类已保存',
    'cats.mergeInto': '合并到',
    'cats.merge': '合并',
    'cats.mergeAsk': '把“{name}”合并到“{into}”？它的账单、预算和规则都会归到“{into}”，“{name}”将不再存在。',
    'cats.merged': '“{name}”已合并到“{into}”',
    'cats.hide': '隐藏',
    'cats.remove': '删除',
    'cats.removeAsk': '删除或隐藏“{name}”？默认分类和还有账单的分类会被隐藏，账单不变；之后可以在“已隐藏”里恢复。',
    'cats.removed': '“{name}”已移出列表',
    'cats.show': '恢复显示',
    'cats.shown': '“{name}”已恢复显示',
    'colour.red': '红', 'colour.orange': '橙', 'colour.green': '绿', 'colour.blue': '蓝', 'colour.purple': '紫', 'colour.olive': '橄榄',
  },
  en: {
    'cats.title': 'Categories',
    'cats.edit': 'Edit categories',
    'cats.intro': 'This order is the order of quick entry and of the selects. Renaming or merging carries the records, budgets and learned rules along.',
    'cats.add': 'Add a category',
    'cats.name': 'Name (1 to 16 characters)',
    'cats.parent': 'Parent category',
    'cats.topLevel': 'None (top level)',
    'cats.icon': 'Icon (an emoji or a character, optional)',
    'cats.colour': 'Colour',
    'cats.autoColour': 'Automatic',
    'cats.addButton': 'Add',
    'cats.added': 'Category “{name}” added',
    'cats.list': "This book's categories",
    'cats.hiddenList': 'Hidden categories',
    'cats.sub': 'under {parent}',
    'cats.up': 'Up',
    'cats.down': 'Down',
    'cats.upLabel': 'Move {name} up',
    'cats.downLabel': 'Move {name} down',
    'cats.editOne': 'Edit',
    'cats.save': 'Save',
    'cats.saved': 'Category saved',
    'cats.mergeInto': 'Merge into',
    'cats.merge': 'Merge',
    'cats.mergeAsk': 'Merge “{name}” into “{into}”? Its records, budgets and rules become “{into}”’s, and “{name}” is gone.',
    'cats.merged': '“{name}” merged into “{into}”',
    'cats.hide': 'Hide',
    'cats.remove': 'Remove',
    'cats.removeAsk': 'Remove or hide “{name}”? A default, or one that records still carry, is hidden and its records stay; show it again under Hidden.',
    'cats.removed': '“{name}” taken off the list',
    'cats.show': 'Show again',
    'cats.shown': '“{name}” shown again',
    'colour.red': 'Red', 'colour.orange': 'Orange', 'colour.green': 'Green', 'colour.blue': 'Blue', 'colour.purple': 'Purple', 'colour.olive': 'Olive',
  },
});

// Dark enough for the white icon letter (the quick-entry hues of css/daily.css).
const COLOURS = [['red', '#b91c1c'], ['orange', '#c2410c'], ['green', '#0b7a4b'], ['blue', '#0369a1'], ['purple', '#7e22ce'], ['olive', '#4d5b0a']];

let listing = null;

/** Say `text` (or clear it) in the screen's live note. */
function note(text) {
  showText(byId('cats-note'), text || '');
}

/** Fill a colour <select>: automatic, then the palette; `value` chosen. */
function fillColours(select, value) {
  const auto = el('option', null, t('cats.autoColour'));
  auto.value = '';
  const options = COLOURS.map(([name, hex]) => {
    const option = el('option', null, t(`colour.${name}`));
    option.value = hex;
    return option;
  });
  select.replaceChildren(auto, ...options);
  select.value = value && COLOURS.some(([, hex]) => hex === value) ? value : '';
}

/** Fill a parent <select>: none, then every top-level category but `except`. */
function fillParents(select, value, except) {
  const none = el('option', null, t('cats.topLevel'));
  none.value = '';
  const tops = listing.names.filter((entry) => !entry.parent && entry.key !== except);
  select.replaceChildren(none, ...tops.map((entry) => {
    const option = el('option', null, categoryName(entry.key));
    option.value = entry.key;
    return option;
  }));
  select.value = value || '';
}

// Counts the edits answered: a listing fetched before the last edit is older than the edit's answer.
let edits = 0;

/** Take a fresh listing: remember it, tell the rest of the page, draw it. */
function take(answer) {
  listing = answer;
  setCategories(answer);
  draw();
}

/** Run one edit: its answer is the new list; a refusal is shown and nothing changes. */
async function edit(button, method, path, body, done) {
  await busy(button, async () => {
    try {
      take(await api(method, path, body));
      edits += 1;
      note('');
      if (done) snackbar(done);
    } catch (error) {
      note(error.message);
    }
  });
}

/** A category's key as a path segment: '~' and the base64url of its UTF-8 (handlers/categories.py), so a name from an
 * old import holding '/' or '%' reaches the server intact (no host routes an encoded slash). */
function keySegment(key) {
  const bytes = new TextEncoder().encode(key);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `~${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

const path = (key) => `/categories/${keySegment(key)}`;

/** Swap `key` with its neighbour among its siblings (-1 up, +1 down) and store the order. */
function move(button, entry, step) {
  const siblings = listing.names.filter((other) => (other.parent || null) === (entry.parent || null));
  const at = siblings.findIndex((other) => other.key === entry.key);
  const other = siblings[at + step];
  if (!other) return;
  const order = [...listing.order];
  const i = order.indexOf(entry.key);
  const j = order.indexOf(other.key);
  [order[i], order[j]] = [order[j], order[i]];
  edit(button, 'PUT', '/categories/order', { order });
}

/** The folded editor of one category: name, icon, colour, parent; merge into another; hide or remove. */
function editor(entry) {
  const details = el('details', 'cat-edit');
  details.append(el('summary', null, t('cats.editOne')));
  const form = el('form', 'auth-form');
  form.noValidate = true;
  const field = (labelKey, control) => {
    const row = el('div', 'field');
    const label = el('label', null, t(labelKey));
    control.id = `cat-${labelKey.split('.')[1]}-${entry.key}`;
    label.htmlFor = control.id;
    row.append(label, control);
    return row;
  };
  const name = el('input');
  name.maxLength = 16;
  name.value = entry.key;
  name.className = 'cat-rename';
  const icon = el('input');
  icon.maxLength = 8;
  icon.value = entry.icon || '';
  const colour = el('select');
  fillColours(colour, entry.colour);
  const parent = el('select');
  fillParents(parent, entry.parent, entry.key);
  const save = el('button', 'button small-btn', t('cats.save'));
  save.type = 'submit';
  const actions = el('div', 'actions');
  actions.append(save);
  form.append(field('cats.name', name), field('cats.icon', icon), field('cats.colour', colour), field('cats.parent', parent), actions);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { icon: icon.value.trim() || null, colour: colour.value || null, parent: parent.value || null };
    if (name.value.trim() !== entry.key) body.name = name.value;
    edit(save, 'PATCH', path(entry.key), body, t('cats.saved'));
  });
  const merge = el('div', 'actions cat-merge');
  const into = el('select');
  into.setAttribute('aria-label', `${t('cats.mergeInto')}: ${categoryName(entry.key)}`);
  into.append(...listing.names.filter((other) => other.key !== entry.key).map((other) => {
    const option = el('option', null, categoryName(other.key));
    option.value = other.key;
    return option;
  }));
  const mergeButton = el('button', 'button small-btn', t('cats.merge'));
  mergeButton.type = 'button';
  mergeButton.addEventListener('click', async () => {
    const words = { name: categoryName(entry.key), into: categoryName(into.value) };
    if (await ask(t('cats.mergeAsk', words), t('cats.merge'))) {
      edit(mergeButton, 'POST', `${path(entry.key)}/merge`, { into: into.value }, t('cats.merged', words));
    }
  });
  merge.append(el('span', 'small', t('cats.mergeInto')), into, mergeButton);
  const remove = el('button', 'button small-btn danger', entry.default ? t('cats.hide') : t('cats.remove'));
  remove.type = 'button';
  remove.addEventListener('click', async () => {
    const words = { name: categoryName(entry.key) };
    if (await ask(t('cats.removeAsk', words), remove.textContent)) {
      edit(remove, 'DELETE', path(entry.key), undefined, t('cats.removed', words));
    }
  });
  merge.append(remove);
  details.append(form, merge);
  return details;
}

/** One category of the list: icon, name (and whose sub-category it is), up, down, the folded editor. */
function item(entry) {
  const li = el('li', `plain-item cat-item${entry.parent ? ' cat-sub' : ''}`);
  li.dataset.category = entry.key;
  const icon = el('span', 'q-cat-icon q-hue-1', entry.icon || Array.from(categoryName(entry.key))[0]);
  if (entry.colour) icon.style.backgroundColor = entry.colour;
  icon.setAttribute('aria-hidden', 'true');
  const main = el('div', 'plain-main');
  main.append(el('span', 'plain-title', categoryName(entry.key)));
  if (entry.parent) main.append(el('span', 'small muted', t('cats.sub', { parent: categoryName(entry.parent) })));
  li.append(icon, main);
  for (const [step, key] of [[-1, 'up'], [1, 'down']]) {
    const button = el('button', 'button small-btn', t(`cats.${key}`));
    button.type = 'button';
    button.setAttribute('aria-label', t(`cats.${key}Label`, { name: categoryName(entry.key) }));
    button.addEventListener('click', () => move(button, entry, step));
    li.append(button);
  }
  li.append(editor(entry));
  return li;
}

/** A hidden category with its 恢复显示 button. */
function hiddenItem(entry) {
  const li = el('li', 'plain-item cat-item');
  li.dataset.category = entry.key;
  const main = el('div', 'plain-main');
  main.append(el('span', 'plain-title', categoryName(entry.key)));
  const show = el('button', 'button small-btn', t('cats.show'));
  show.type = 'button';
  show.addEventListener('click', () => edit(show, 'PATCH', path(entry.key), { hidden: false }, t('cats.shown', { name: categoryName(entry.key) })));
  li.append(main, show);
  return li;
}

/** Draw the add form's selects and both lists from `listing`. */
function draw() {
  if (!listing) return;
  fillParents(byId('cat-parent'), byId('cat-parent').value, null);
  fillColours(byId('cat-colour'), byId('cat-colour').value);
  byId('cat-list').replaceChildren(...listing.names.map(item));
  const hidden = listing.hidden || [];
  byId('cat-hidden').replaceChildren(...hidden.map(hiddenItem));
  byId('cat-hidden-card').hidden = hidden.length === 0;
}

/** Wire the add form once. */
export function mount() {
  byId('cat-add-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = byId('cat-name').value;
    const body = {
      name,
      parent: byId('cat-parent').value || null,
      icon: byId('cat-icon').value.trim() || null,
      colour: byId('cat-colour').value || null,
    };
    edit(byId('cat-add'), 'POST', '/categories', body, t('cats.added', { name: name.trim() })).then(() => {
      if (!byId('cats-note').textContent) byId('cat-add-form').reset();
    });
  });
}

/** Show the screen: the list as last fetched at once, then fresh from the server. */
export async function show() {
  note('');
  listing = categoryListing();
  draw();
  const before = edits;
  try {
    const answer = await api('GET', '/categories');
    // An edit made while this was on its way answered a newer list: drawing this one would undo it on screen.
    if (edits === before) take(answer);
  } catch (error) {
    note(error.message);
  }
}

/** Redraw in the new language. */
export function relang() {
  draw();
}
