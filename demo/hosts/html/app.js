// The merchant page's own code: get a portal session from our backend, hand the
// token to <customer-portal>, and hand it a new one whenever it expires.
const portal = document.querySelector('customer-portal');
const status = document.getElementById('host-status');
const events = document.getElementById('events');
let sessionsIssued = 0;

function log(text) {
  const item = document.createElement('li');
  item.textContent = text;
  events.append(item);
}

async function fetchSession() {
  const res = await fetch('/api/portal-session', { method: 'POST' });
  if (!res.ok) throw new Error(`Could not start a billing session (HTTP ${res.status}).`);
  return res.json();
}

async function startSession() {
  try {
    const session = await fetchSession();
    portal.apiBase = session.apiBase;
    portal.token = session.token;
    sessionsIssued += 1;
    status.textContent = `Session ${sessionsIssued} active.`;
  } catch (error) {
    status.textContent = error instanceof Error ? error.message : String(error);
  }
}

portal.addEventListener('token-expiring', (event) => {
  log(`token-expiring: ${event.detail.secondsLeft}s left`);
});
portal.addEventListener('token-expired', (event) => {
  log(`token-expired: ${event.detail.reason}`);
  status.textContent = 'Session expired, renewing…';
  void startSession();
});
portal.addEventListener('tab-change', (event) => log(`tab-change: ${event.detail.tab}`));
portal.addEventListener('portal-ready', () => log('portal-ready'));
portal.addEventListener('portal-error', (event) => log(`portal-error: ${event.detail.section} ${event.detail.status}`));
portal.addEventListener('invoice-download', (event) => log(`invoice-download: ${event.detail.invoiceNumber ?? event.detail.invoiceId}`));

void startSession();
