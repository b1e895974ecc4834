// The phone pages' service worker (scope /m/). It keeps the pages' own files, so the app opens with no network
// and in well under a second on a slow one; it never stores anything read from the API (the app keeps its case
// list and its unsent records in IndexedDB itself, where sign-out can wipe them).
// The build (serviceWorkerPlugin.ts) fills in the file list and its version.

const PRECACHE = __PRECACHE__
const VERSION = __VERSION__
const CACHE = 'kcbx-phone-' + VERSION
const SHELL = '/m/'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith('kcbx-phone-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return
  if (request.mode === 'navigate' && url.pathname.startsWith('/m/')) {
    // Every page of the app is the same page: open it from the phone at once.
    event.respondWith(caches.match(SHELL, { cacheName: CACHE }).then((page) => page || fetch(request)))
    return
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname, { cacheName: CACHE }).then((file) => file || fetch(request)))
  }
})
