// The book the page works in: chosen in the header, remembered on this device, sent as `book=` on every call.

const KEY = 'snapledger.book';
let books = [];
let members = [];
let switching = false;

/** The id of the chosen book ('' for the personal book, which the API uses when no book is named). */
export function currentBook() {
  try {
    return localStorage.getItem(KEY) || '';
  } catch {
    return '';
  }
}

/** Choose the book to work in ('' or null: the personal book). */
export function setBook(id) {
  try {
    if (id) localStorage.setItem(KEY, id);
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode without storage: the choice lasts until the page reloads.
  }
}

/**
 * Choose `id` for the reload that follows: until the page unloads, an older list arriving late (a /api/books or
 * /api/me asked before the book was created or joined, so without it) must not take the choice back.
 */
export function switchBook(id) {
  switching = true;
  setBook(id);
}

/** `path` (an /api path, maybe with a query) with the chosen book added as `book=`. */
export function withBook(path) {
  const book = currentBook();
  if (!book || /[?&]book=/.test(path)) return path;
  return `${path}${path.includes('?') ? '&' : '?'}book=${encodeURIComponent(book)}`;
}

/**
 * Remember the person's books (from /api/me or /api/books). A chosen book they are no longer a member of falls
 * back to the personal one; answers true when that happened (the screen then shows the wrong book's error).
 */
export function rememberBooks(list) {
  books = Array.isArray(list) ? list : [];
  const book = currentBook();
  if (switching) return false;
  if (book && books.length && !books.some((b) => b.id === book && !b.personal)) {
    setBook('');
    return true;
  }
  return false;
}

/** The person's books as last fetched. */
export function knownBooks() {
  return books;
}

/** The chosen book as last fetched ({id, name, role, personal, members}), or the personal one. */
export function chosenBook() {
  const book = currentBook();
  return books.find((b) => b.id === book) || books.find((b) => b.personal) || null;
}

/** Remember the chosen book's members ({person, name, role}), for "who recorded it" and the member filter. */
export function rememberMembers(list) {
  members = Array.isArray(list) ? list : [];
}

/** The chosen book's members as last fetched. */
export function knownMembers() {
  return members;
}

/** The name of the member with person id `id`, or ''. */
export function memberName(id) {
  const found = members.find((m) => m.person === id);
  return found ? found.name : '';
}
