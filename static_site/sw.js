// Service worker: receives screenshots shared into the installed app (Web Share Target) and hands them to the page.

const SHARE_CACHE = 'snapledger-share';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method === 'POST' && url.origin === self.location.origin && url.pathname === '/share-target') {
    event.respondWith(receiveShare(event.request));
  }
  // Everything else goes to the network untouched: the page always talks to the live API.
});

/** Keep the shared files in a cache the page reads, then open the upload queue. */
async function receiveShare(request) {
  try {
    const form = await request.formData();
    const files = form.getAll('screenshots').filter((item) => typeof item === 'object' && item !== null && 'size' in item);
    const cache = await caches.open(SHARE_CACHE);
    const stamp = Date.now();
    await Promise.all(files.map((file, index) => cache.put(
      new Request(`/shared/${stamp}-${index}`),
      new Response(file, {
        headers: {
          'content-type': file.type || 'application/octet-stream',
          'x-filename': encodeURIComponent(file.name || `shared-${index}`),
        },
      }),
    )));
  } catch {
    // An unreadable share still opens the app; the person can pick the files by hand.
  }
  return Response.redirect('/#/upload?shared=1', 303);
}
