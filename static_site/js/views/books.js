// 账本与成员: the person's books (switch, create, rename), the chosen book's members with their roles (change a
// role, remove, hand over: the owner only; leave: the others), invite links with a QR code and a copy button; and
// the #/invite/<token> screen that shows an invite and accepts it.

import { api } from '../api.js';
import { chosenBook, knownBooks, rememberBooks, rememberMembers, switchBook } from '../books.js';
import { ask, busy, byId, el, showText, snackbar, snackbarAfterReload } from '../dom.js';
import { addStrings, t } from '../i18n.js';

addStrings({
  zh: {
    'books.title': '账本与成员',
    'books.link': '账本与成员',
    'books.current': '当前账本',
    'books.manage': '管理账本和成员…',
    'books.mine': '我的账本',
    'books.personal': '个人账本',
    'books.members': '{n} 位成员',
    'books.switch': '切换到这个账本',
    'books.using': '正在使用',
    'books.newName': '新账本的名称',
    'books.create': '新建账本',
    'books.created': '已新建账本“{name}”',
    'books.rename': '改名',
    'books.renamed': '账本已改名',
    'books.memberList': '成员',
    'books.you': '（你）',
    'books.remove': '移出',
    'books.removeAsk': '把 {name} 移出这个账本？TA 将看不到这个账本的任何内容。',
    'books.removed': '已移出 {name}',
    'books.switched': '现在是“{name}”',
    'books.left': '已退出账本“{name}”，现在是个人账本',
    'books.gone': '你已不在之前选的账本里，现在是个人账本',
    'books.handOver': '转让给 TA',
    'books.handOverAsk': '把账本转让给 {name}？你会变成编辑。',
    'books.handedOver': '账本已转让给 {name}',
    'books.leave': '退出这个账本',
    'books.leaveAsk': '退出这个账本？你将看不到它的内容，除非再被邀请。',
    'books.invite': '邀请家人',
    'books.inviteRole': '邀请的角色',
    'books.makeInvite': '生成邀请链接',
    'books.inviteIntro': '把链接或二维码发给对方：TA 登录后点“加入”。链接只能用一次，{time} 过期。',
    'books.copy': '复制链接',
    'books.copied': '链接已复制',
    'books.qrAlt': '邀请链接的二维码',
    'books.personalNote': '这是你的个人账本：不选账本时记的账都在这里。可以邀请家人一起记；转让给别人后，它会变成对方的账本，你会得到一个新的空个人账本。',
    'books.personalOf': '{name} 的个人账本',
    'books.handOverPersonalAsk': '把个人账本转让给 {name}？它会连同所有记录变成 TA 的账本“{book}”，你在里面变成编辑；你会得到一个新的空个人账本。',
    'books.handedOverName': '{name} 的账本',
    'books.handedOverPersonal': '已转让给 {name}：现在是账本“{book}”，你是编辑',
    'role.owner': '所有者',
    'role.editor': '编辑',
    'role.viewer': '查看',
    'invite.title': '加入账本',
    'invite.text': '{who} 邀请你以“{role}”的身份加入账本“{book}”。',
    'invite.member': '你已经是这个账本的成员了。',
    'invite.accept': '加入',
    'invite.joined': '已加入账本“{name}”',
    'records.member': '成员',
    'records.by': '{name} 记',
  },
  en: {
    'books.title': 'Books and members',
    'books.link': 'Books and members',
    'books.current': 'Current book',
    'books.manage': 'Manage books and members…',
    'books.mine': 'My books',
    'books.personal': 'Personal book',
    'books.members': '{n} members',
    'books.members_one': '1 member',
    'books.switch': 'Switch to this book',
    'books.using': 'In use',
    'books.newName': 'Name of the new book',
    'books.create': 'Create book',
    'books.created': 'Book “{name}” created',
    'books.rename': 'Rename',
    'books.renamed': 'Book renamed',
    'books.memberList': 'Members',
    'books.you': ' (you)',
    'books.remove': 'Remove',
    'books.removeAsk': 'Remove {name} from this book? They will see nothing of it any more.',
    'books.removed': '{name} removed',
    'books.switched': 'Now in “{name}”',
    'books.left': 'You left “{name}”; this is your personal book',
    'books.gone': 'You are no longer in the book you had chosen; this is your personal book',
    'books.handOver': 'Hand over',
    'books.handOverAsk': 'Hand this book over to {name}? You become an editor.',
    'books.handedOver': 'Book handed over to {name}',
    'books.leave': 'Leave this book',
    'books.leaveAsk': 'Leave this book? You will not see it unless invited again.',
    'books.invite': 'Invite family',
    'books.inviteRole': 'Role of the invited person',
    'books.makeInvite': 'Make an invite link',
    'books.inviteIntro': 'Send the link or the QR code: they sign in and tap Join. It works once and expires {time}.',
    'books.copy': 'Copy link',
    'books.copied': 'Link copied',
    'books.qrAlt': 'QR code of the invite link',
    'books.personalNote': 'This is your personal book: what you record without choosing a book goes here. You can invite your family into it; if you hand it over, it becomes theirs and you get a fresh, empty personal book.',
    'books.personalOf': '{name}’s personal book',
    'books.handOverPersonalAsk': 'Hand your personal book over to {name}? With all its records it becomes their book “{book}”, where you are an editor; you get a fresh, empty personal book.',
    'books.handedOverName': '{name}’s book',
    'books.handedOverPersonal': 'Handed over to {name}: this is now the book “{book}”, where you are an editor',
    'role.owner': 'Owner',
    'role.editor': 'Editor',
    'role.viewer': 'Viewer',
    'invite.title': 'Join a book',
    'invite.text': '{who} invites you to the book “{book}” as {role}.',
    'invite.member': 'You are a member of this book already.',
    'invite.accept': 'Join',
    'invite.joined': 'You joined “{name}”',
    'records.member': 'Member',
    'records.by': 'by {name}',
  },
});

let token = null;

/** A book's name as the page shows it (a personal book in the page's language, another person's one as theirs). */
export function bookName(book) {
  if (book.personal) return t('books.personal');
  return book.personal_of ? t('books.personalOf', { name: book.personal_of }) : book.name;
}

/** Show an error sentence (or clear it) in the screen's live note. */
function note(id, text) {
  showText(byId(id), text || '');
}

/** Switch to `id` and reload the page, so every screen shows the new book; `said` is what the snackbar then says
 * (by default the book's name). */
export function switchTo(id, said) {
  const book = knownBooks().find((b) => (b.personal ? '' : b.id) === id);
  const text = said || (book ? t('books.switched', { name: bookName(book) }) : '');
  if (text) snackbarAfterReload(text);
  switchBook(id);
  location.reload();
}

/** Fetch the books and draw the list. */
async function load() {
  const answer = await api('GET', '/books');
  rememberBooks(answer.books);
  drawBooks(answer.books);
  await drawDetail(chosenBook());
}

function drawBooks(list) {
  const current = chosenBook();
  const items = list.map((book) => {
    const item = el('li', 'plain-item');
    const main = el('div', 'plain-main');
    main.append(el('span', 'plain-title', bookName(book)));
    main.append(el('span', 'small muted', `${t(`role.${book.role}`)} · ${t('books.members', { n: book.members })}`));
    item.append(main);
    if (current && current.id === book.id) {
      item.append(el('span', 'auth-note', t('books.using')));
    } else {
      const use = el('button', 'button small-btn', t('books.switch'));
      use.type = 'button';
      use.dataset.book = book.id;
      use.addEventListener('click', () => switchTo(book.personal ? '' : book.id));
      item.append(use);
    }
    return item;
  });
  byId('book-list').replaceChildren(...items);
}

async function drawDetail(book) {
  byId('book-detail').hidden = !book;
  if (!book) return;
  byId('book-detail-title').textContent = bookName(book);
  const owner = book.role === 'owner';
  byId('book-rename-form').hidden = !owner || book.personal;
  byId('book-rename-name').value = book.personal ? '' : book.name;
  byId('book-invite').hidden = !owner;
  byId('book-personal-note').hidden = !book.personal;
  byId('book-leave').hidden = owner || book.personal;
  byId('invite-out').hidden = true;
  const answer = await api('GET', `/books/${encodeURIComponent(book.id)}/members`);
  rememberMembers(answer.members);
  const me = answer.members.find((m) => m.you);
  byId('member-list').replaceChildren(...answer.members.map((m) => memberItem(book, m, owner, me)));
}

function memberItem(book, member, owner, me) {
  const item = el('li', 'plain-item member');
  item.dataset.person = member.person;
  const main = el('div', 'plain-main');
  main.append(el('span', 'plain-title', member.name + (member.you ? t('books.you') : '')));
  item.append(main);
  if (!owner || member.role === 'owner') {
    main.append(el('span', 'small muted member-role', t(`role.${member.role}`)));
    return item;
  }
  const role = el('select', 'member-role');
  role.setAttribute('aria-label', `${t('books.inviteRole')}: ${member.name}`);
  for (const name of ['editor', 'viewer']) {
    const option = el('option', null, t(`role.${name}`));
    option.value = name;
    role.append(option);
  }
  role.value = member.role;
  const path = `/books/${encodeURIComponent(book.id)}/members/${encodeURIComponent(member.person)}`;
  role.addEventListener('change', async () => {
    try {
      await api('PATCH', path, { role: role.value });
      note('books-note', '');
    } catch (error) {
      note('books-note', error.message);
      role.value = member.role;
    }
  });
  const remove = el('button', 'button small-btn danger', t('books.remove'));
  remove.type = 'button';
  remove.addEventListener('click', () => act(remove, t('books.removeAsk', { name: member.name }), async () => {
    await api('DELETE', path);
    snackbar(t('books.removed', { name: member.name }));
  }));
  const handOver = el('button', 'button small-btn', t('books.handOver'));
  handOver.type = 'button';
  handOver.addEventListener('click', () => handOverTo(handOver, book, member, me));
  item.append(role, handOver, remove);
  return item;
}

/** Hand the book over to `member`. A personal book becomes a new book of theirs (named after `me`, the person
 * handing it over), so the page then switches to it: the person's personal book is a fresh, empty one. */
function handOverTo(button, book, member, me) {
  const body = { person: member.person };
  if (!book.personal) {
    act(button, t('books.handOverAsk', { name: member.name }), async () => {
      await api('POST', `/books/${encodeURIComponent(book.id)}/owner`, body);
      snackbar(t('books.handedOver', { name: member.name }));
    });
    return;
  }
  body.name = t('books.handedOverName', { name: me ? me.name : '' }).slice(0, 32);
  act(button, t('books.handOverPersonalAsk', { name: member.name, book: body.name }), async () => {
    const answer = await api('POST', `/books/${encodeURIComponent(book.id)}/owner`, body);
    switchTo(answer.book.id, t('books.handedOverPersonal', { name: member.name, book: answer.book.name }));
  });
}

/** Ask, then do `work` with `button` busy; errors go to the screen's note. */
async function act(button, question, work) {
  if (question && !(await ask(question, button.textContent))) return;
  await busy(button, async () => {
    try {
      await work();
      note('books-note', '');
      await load();
    } catch (error) {
      note('books-note', error.message);
    }
  });
}

async function createBook(event) {
  event.preventDefault();
  const input = byId('book-new-name');
  await busy(byId('book-create'), async () => {
    try {
      const made = await api('POST', '/books', { name: input.value });
      input.value = '';
      switchTo(made.id, t('books.created', { name: made.name }));
    } catch (error) {
      note('books-note', error.message);
    }
  });
}

async function renameBook(event) {
  event.preventDefault();
  const book = chosenBook();
  await act(byId('book-rename'), null, async () => {
    await api('PATCH', `/books/${encodeURIComponent(book.id)}`, { name: byId('book-rename-name').value });
    snackbar(t('books.renamed'));
  });
}

async function makeInvite(event) {
  event.preventDefault();
  const book = chosenBook();
  await busy(byId('invite-make'), async () => {
    try {
      const made = await api('POST', `/books/${encodeURIComponent(book.id)}/invites`, { role: byId('invite-role').value });
      byId('invite-qr').src = made.qr;
      byId('invite-url').value = made.url;
      const time = new Date(made.expires_at).toLocaleString();
      byId('invite-intro').textContent = t('books.inviteIntro', { time });
      byId('invite-out').hidden = false;
      note('books-note', '');
    } catch (error) {
      note('books-note', error.message);
    }
  });
}

async function copyInvite() {
  const input = byId('invite-url');
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    input.select(); // no clipboard (plain HTTP): the link is selected for the person to copy
    return;
  }
  snackbar(t('books.copied'));
}

/** Wire the screens once. */
export function mount() {
  byId('book-create-form').addEventListener('submit', createBook);
  byId('book-rename-form').addEventListener('submit', renameBook);
  byId('invite-form').addEventListener('submit', makeInvite);
  byId('invite-copy').addEventListener('click', copyInvite);
  byId('book-leave').addEventListener('click', () => {
    const button = byId('book-leave');
    const book = chosenBook();
    act(button, t('books.leaveAsk'), async () => {
      const me = await api('GET', '/me');
      await api('DELETE', `/books/${encodeURIComponent(book.id)}/members/${encodeURIComponent(me.owner)}`);
      switchTo('', t('books.left', { name: bookName(book) })); // the page starts again in the personal book
    });
  });
  byId('invite-accept').addEventListener('click', acceptInvite);
}

/** Show the books screen, fetched afresh. */
export async function show() {
  try {
    await load();
    note('books-note', '');
  } catch (error) {
    note('books-note', error.message);
  }
}

/** Redraw after a language switch. */
export function relang() {
  if (!byId('view-books').hidden) show();
}

/** The invite screen for `params.token`. */
export async function showInvite(params) {
  token = params.token;
  byId('invite-accept').hidden = true;
  byId('invite-text').textContent = '';
  try {
    const info = await api('GET', `/invites/${encodeURIComponent(token)}`);
    const text = t('invite.text', { who: info.invited_by, role: t(`role.${info.role}`), book: bookName(info.book) });
    byId('invite-text').textContent = info.member ? `${text} ${t('invite.member')}` : text;
    byId('invite-accept').hidden = info.member;
    note('invite-note', '');
  } catch (error) {
    note('invite-note', error.message);
  }
}

async function acceptInvite() {
  await busy(byId('invite-accept'), async () => {
    try {
      const book = await api('POST', `/invites/${encodeURIComponent(token)}/accept`);
      snackbarAfterReload(t('invite.joined', { name: bookName(book) }));
      switchBook(book.id);
      history.replaceState(null, '', '#/records');
      location.reload();
    } catch (error) {
      note('invite-note', error.message);
    }
  });
}

/** The #/invite/<token> screen as a view of its own. */
export const invite = { show: showInvite, relang: () => token && showInvite({ token }) };
