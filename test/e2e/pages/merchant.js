// A merchant page's session hand-off, for test/e2e/backend-chunks.test.mjs:
// the test passes the minted session in the address's fragment (never sent to
// a server); this module, which runs before the element's script, puts it on
// the element as the merchant's server-rendered HTML would, then clears the
// fragment. It also notes when `portal-ready` fires.
const params = new URLSearchParams(location.hash.slice(1));
history.replaceState(null, '', location.pathname);
const el = document.querySelector('customer-portal');
for (const name of ['api-base', 'expires-at', 'token']) {
  const value = params.get(name);
  if (value) el.setAttribute(name, value);
}
window.portalReady = new Promise((resolve) => el.addEventListener('portal-ready', () => resolve(performance.now()), { once: true }));
