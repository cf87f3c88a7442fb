/**
 * The demo page: `<customer-portal>` on the reference portal server, with the
 * merchant-backend role (minting sessions with the API key), QA switches for
 * latency and faults, presentation options, and a live log of public events.
 * Tokens are never displayed or logged; a `?token=` in the address is used
 * once and removed from the address bar.
 */
import '../src/define.js';
import { decodeJwt } from 'jose';
import type { CustomerPortal } from '../src/customer-portal/customer-portal.js';

const API_KEY = 'sk_test_demo';
/** The reference server's Polar organization token (the merchant backend's secret in real life). */
const POLAR_ORG_TOKEN = 'polar_oat_reference_demo_token_0123456789abcdef';
type Backend = 'flexprice' | 'polar' | 'lago' | 'hosted';
/** The reference Pabbly's Basic credentials (the merchant backend's secret in real life). */
const PABBLY_BASIC = btoa('pabbly_demo_key:pabbly_demo_secret');
const PUBLIC_EVENTS = ['token-expiring', 'token-expired', 'tab-change', 'portal-ready', 'portal-error', 'invoice-download', 'portal-action', 'portal-action-result'] as const;
/** Every action name; the element shows those its backend supports and this customer may use. */
const ALL_ACTIONS = 'top-up auto-top-up pay-invoice payment-methods billing-details cancel-subscription invoice-documents';

/** A minted session, whichever backend minted it. */
interface Session {
  token: string;
  /** The hosted portal link (Flexprice `url`, Polar `customer_portal_url`). */
  portalUrl: string;
  expires_at: string;
}
interface CustomerSummary {
  external_id: string;
  name: string;
  currency: string;
  timezone?: string;
  member_session?: boolean;
}

function serverUrl(): string {
  const fromQuery = new URLSearchParams(location.search).get('server');
  if (fromQuery) return fromQuery.replace(/\/$/, '');
  const meta = document.querySelector<HTMLMetaElement>('meta[name="portal-server"]')?.content ?? '';
  return meta && !meta.startsWith('%') ? meta.replace(/\/$/, '') : 'http://127.0.0.1:8787';
}

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from the demo page`);
  return el as T;
}

const SERVER = serverUrl();
const portal = $<CustomerPortal>('portal');
const customerSelect = $<HTMLSelectElement>('customer');
const sessionBox = $<HTMLDivElement>('session');
const statusBox = $<HTMLDivElement>('server-status');
const renewButton = $<HTMLButtonElement>('renew');
const autoRenew = $<HTMLInputElement>('auto-renew');
const providerBox = $<HTMLInputElement>('provider');
const logList = $<HTMLOListElement>('log');
const backendSelect = $<HTMLSelectElement>('backend');
const introspectBox = $<HTMLInputElement>('polar-introspect');
const portalUrlBox = $<HTMLInputElement>('portal-url');

const backend = (): Backend => (['polar', 'lago', 'hosted'].includes(backendSelect.value) ? (backendSelect.value as Backend) : 'flexprice');
/** The reference server's mount of the chosen backend (Polar's under /polar, Lago's under /lago, Pabbly's under /pabbly). */
const serverBase = (): string => {
  const b = backend();
  return b === 'flexprice' ? SERVER : `${SERVER}/${b === 'hosted' ? 'pabbly' : b}`;
};
/**
 * `api-base` of the chosen backend. Lago's is the package's own proxy, mounted on this page's origin by
 * `npm start` (Lago's API refuses cross-origin browsers; so does the proxy: it is same-origin by design).
 */
const apiBaseFor = (b: Backend): string | null =>
  b === 'polar' ? `${SERVER}/polar` : b === 'lago' ? `${location.origin}/lago-proxy` : b === 'hosted' ? null : `${SERVER}/v1`;
function pointAtBackend(): void {
  portal.setAttribute('backend', backend());
  const base = apiBaseFor(backend());
  if (base) portal.setAttribute('api-base', base);
  else portal.removeAttribute('api-base');
}

let expiresAt: Date | null = null;
let sessionCustomer = '';
let expiredNow = false;

// ------------------------------------------------------------------ merchant backend role

async function mint(customer: string, opts: { ttlSeconds?: number; expired?: boolean } = {}): Promise<Session> {
  const query = new URLSearchParams();
  if (opts.ttlSeconds) query.set('ttl_seconds', String(opts.ttlSeconds));
  if (opts.expired) query.set('expired', 'true');
  const qs = query.toString() ? `?${query.toString()}` : '';
  if (backend() === 'lago') {
    // Lago mints at GET /api/v1/customers/{id}/portal_url with the API key (server to server); the reference
    // server's QA route hands the demo the same token, with its `_rails.exp`, and the portal_url.
    const res = await fetch(`${SERVER}/lago/__admin/mint/${encodeURIComponent(customer)}${qs}`);
    if (!res.ok) throw new Error(`minting failed: HTTP ${res.status}`);
    const body = (await res.json()) as { token: string; expires_at: string; portal_url: string };
    return { token: body.token, expires_at: body.expires_at, portalUrl: body.portal_url };
  }
  if (backend() === 'hosted') {
    // Pabbly: POST /portal_sessions/ with Basic auth; the element gets access_url (portal-url) and expires_at.
    const res = await fetch(`${SERVER}/pabbly/api/v1/portal_sessions/${qs}`, {
      method: 'POST',
      headers: { authorization: `Basic ${PABBLY_BASIC}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customer_id: customer }),
    });
    if (!res.ok) throw new Error(`minting failed: HTTP ${res.status}`);
    const body = (await res.json()) as { data: { access_url: string; expires_at: string } };
    return { token: '', expires_at: body.data.expires_at, portalUrl: body.data.access_url };
  }
  if (backend() === 'polar') {
    const res = await fetch(`${SERVER}/polar/v1/customer-sessions/${qs}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${POLAR_ORG_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ external_customer_id: customer }),
    });
    if (!res.ok) throw new Error(`minting failed: HTTP ${res.status}`);
    const body = (await res.json()) as { token: string; expires_at: string; customer_portal_url: string };
    return { token: body.token, expires_at: body.expires_at, portalUrl: body.customer_portal_url };
  }
  const res = await fetch(`${SERVER}/v1/customers/portal/${encodeURIComponent(customer)}${qs}`, {
    headers: { 'x-api-key': API_KEY },
  });
  if (!res.ok) throw new Error(`minting failed: HTTP ${res.status}`);
  const body = (await res.json()) as { token: string; expires_at: string; url: string };
  return { token: body.token, expires_at: body.expires_at, portalUrl: body.url };
}

async function startSession(opts: { ttlSeconds?: number; expired?: boolean } = {}): Promise<void> {
  const customer = customerSelect.value;
  try {
    const session = await mint(customer, opts);
    applySession(customer, session.token, new Date(session.expires_at), session.portalUrl);
    log('demo', opts.expired ? 'set an already-expired token' : `minted a session for ${customer}${opts.ttlSeconds ? ` (${opts.ttlSeconds} s)` : ''}`);
  } catch (err) {
    log('demo', `could not mint a session: ${(err as Error).message}`, 'error');
  }
}

function applySession(customer: string, token: string, expiry: Date | null, portalUrl: string | null = null): void {
  sessionCustomer = customer;
  expiresAt = expiry;
  expiredNow = false;
  renewButton.hidden = true;
  // What the merchant's page hands the element: the session's expiry (Polar tokens are opaque; with the box
  // ticked the element introspects instead) and the hosted portal link.
  portal.expiresAt = expiry && !(backend() === 'polar' && introspectBox.checked) ? expiry.toISOString() : null;
  // The hosted backend's session is its portal link: always passed.
  portal.portalUrl = portalUrlBox.checked || backend() === 'hosted' ? portalUrl : null;
  portal.token = token || null;
  renderSession();
}

function renderSession(): void {
  sessionBox.replaceChildren();
  if (!expiresAt) {
    sessionBox.textContent = 'No session yet.';
    return;
  }
  const who = document.createElement('div');
  who.textContent = `Customer: ${sessionCustomer}`;
  const when = document.createElement('div');
  const left = Math.round((expiresAt.getTime() - Date.now()) / 1000);
  if (left <= 0 || expiredNow) {
    when.className = 'expired';
    when.textContent = `Expired ${expiresAt.toLocaleTimeString()}`;
  } else {
    const mins = Math.floor(left / 60);
    when.textContent = `Expires ${expiresAt.toLocaleTimeString()} (in ${mins ? `${mins} min ` : ''}${left % 60} s)`;
  }
  sessionBox.append(who, when);
}

// ------------------------------------------------------------------ faults

function radioValue(name: string): string {
  return document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? '0';
}

async function pushFaults(): Promise<void> {
  const latency = radioValue('latency');
  const status = Number(radioValue('failure'));
  const faults = {
    latencyMs: latency === 'random' ? 50 : Number(latency),
    jitterMs: latency === 'random' ? 1500 : 0,
    status,
    statusCount: $<HTMLInputElement>('fail-once').checked ? 1 : null,
    retryAfter: 2,
    truncate: $<HTMLInputElement>('truncate').checked,
    envelope: $<HTMLInputElement>('legacy').checked ? 'legacy' : 'flat',
    offline: $<HTMLInputElement>('offline').checked,
    expireAll: $<HTMLInputElement>('reject-all').checked,
  };
  try {
    await fetch(`${serverBase()}/__admin/faults`, { method: 'POST', body: JSON.stringify(faults) });
    const on = [
      faults.latencyMs || faults.jitterMs ? `latency ${latency}` : '',
      status ? `HTTP ${status}${faults.statusCount ? ' once' : ''}` : '',
      faults.truncate ? 'truncated JSON' : '',
      faults.envelope === 'legacy' ? 'legacy envelope' : '',
      faults.offline ? 'offline' : '',
      faults.expireAll ? '401 for every token' : '',
    ].filter(Boolean);
    log('demo', on.length ? `server faults: ${on.join(', ')}` : 'server faults cleared');
  } catch {
    log('demo', 'could not reach the reference server', 'error');
  }
}

// ------------------------------------------------------------------ event log

function describe(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Date ? v.toISOString() : v)) ?? '';
}

function log(name: string, detail: string, kind: 'error' | 'expired' | '' = ''): void {
  logList.querySelector('.empty')?.remove();
  const li = document.createElement('li');
  const time = document.createElement('time');
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString(undefined, { hour12: false }) + `.${String(now.getMilliseconds()).padStart(3, '0')}`;
  const n = document.createElement('span');
  n.className = `name ${kind}`;
  n.textContent = name;
  const d = document.createElement('span');
  d.className = 'detail';
  d.textContent = detail;
  li.append(time, n, d);
  logList.prepend(li);
  while (logList.children.length > 300) logList.lastElementChild?.remove();
}

for (const type of PUBLIC_EVENTS) {
  portal.addEventListener(type, (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    log(type, describe(detail), type === 'portal-error' ? 'error' : type === 'token-expired' ? 'expired' : '');
    if (type === 'token-expired') {
      expiredNow = true;
      renderSession();
      if (autoRenew.checked) void startSession();
      else renewButton.hidden = false;
    }
  });
}

// ------------------------------------------------------------------ actions (the customer acts; QA plays the provider)

const actionsBox = $<HTMLInputElement>('actions-on');
const vetoBox = $<HTMLInputElement>('actions-veto');
function applyActions(): void {
  if (actionsBox.checked) portal.setAttribute('actions', ALL_ACTIONS);
  else portal.removeAttribute('actions');
}
portal.addEventListener('portal-action', (event) => {
  if (!vetoBox.checked) return;
  event.preventDefault();
  log('demo', `host stopped ${event.detail.action}: its own flow would run here`);
});

interface QaCheckout {
  id: string;
  kind: string;
  status: string;
}
/** Finishes the newest open hosted checkout, as the provider's webhook would. */
async function settleCheckout(outcome: 'complete' | 'fail'): Promise<void> {
  if (backend() !== 'flexprice') {
    log('demo', 'hosted checkouts are Flexprice\'s; Lago top-ups settle on their own, Polar charges the saved card at once');
    return;
  }
  try {
    const sessions = (await (await fetch(`${SERVER}/__qa/checkout`)).json()) as QaCheckout[];
    const open = sessions.filter((s) => s.status === 'initiated' || s.status === 'pending');
    const last = open.at(-1);
    if (!last) {
      log('demo', 'no open checkout: click "Add credits" or "Pay" in the portal first');
      return;
    }
    const res = await fetch(`${SERVER}/__qa/checkout/${encodeURIComponent(last.id)}/${outcome}`, { method: 'POST' });
    log('demo', res.ok ? `checkout ${last.kind} ${outcome === 'complete' ? 'paid' : 'declined'} by the provider` : `the server refused: HTTP ${res.status}`, res.ok ? '' : 'error');
  } catch {
    log('demo', 'could not reach the reference server', 'error');
  }
}
async function countWrites(): Promise<void> {
  try {
    const writes = (await (await fetch(`${serverBase()}/__qa/writes`)).json()) as unknown[];
    log('demo', `the ${backend()} reference server received ${writes.length} write${writes.length === 1 ? '' : 's'} since the last reset`);
  } catch {
    log('demo', 'could not reach the reference server', 'error');
  }
}

// ------------------------------------------------------------------ wiring

$<HTMLButtonElement>('mint').addEventListener('click', () => void startSession());
$<HTMLButtonElement>('mint-short').addEventListener('click', () => void startSession({ ttlSeconds: 15 }));
$<HTMLButtonElement>('expire').addEventListener('click', () => void startSession({ expired: true }));
renewButton.addEventListener('click', () => void startSession());
actionsBox.addEventListener('change', () => {
  applyActions();
  log('demo', actionsBox.checked ? `actions="${ALL_ACTIONS}"` : 'read-only (no actions)');
});
$<HTMLButtonElement>('checkout-complete').addEventListener('click', () => void settleCheckout('complete'));
$<HTMLButtonElement>('checkout-fail').addEventListener('click', () => void settleCheckout('fail'));
$<HTMLButtonElement>('writes').addEventListener('click', () => void countWrites());
$<HTMLButtonElement>('clear-log').addEventListener('click', () => {
  logList.replaceChildren();
});
$<HTMLButtonElement>('reset').addEventListener('click', async () => {
  await fetch(`${serverBase()}/__admin/reset`, { method: 'POST' });
  for (const id of ['fail-once', 'truncate', 'legacy', 'offline', 'reject-all']) $<HTMLInputElement>(id).checked = false;
  for (const input of document.querySelectorAll<HTMLInputElement>('input[type="radio"][value="0"]')) input.checked = true;
  log('demo', 'server data reset, faults cleared');
  await startSession();
});
backendSelect.addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('backend', backend());
  url.searchParams.delete('customer');
  history.replaceState(null, '', url);
  void switchBackend();
});
introspectBox.addEventListener('change', () => void startSession());
portalUrlBox.addEventListener('change', () => void startSession());
customerSelect.addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('customer', customerSelect.value);
  history.replaceState(null, '', url);
  void startSession();
});
for (const input of document.querySelectorAll<HTMLInputElement>('input[name="latency"], input[name="failure"], #fail-once, #truncate, #legacy, #offline, #reject-all')) {
  input.addEventListener('change', () => void pushFaults());
}
providerBox.addEventListener('change', () => {
  portal.tokenProvider = providerBox.checked
    ? async () => {
        const s = await mint(sessionCustomer || customerSelect.value, { ttlSeconds: 60 });
        expiresAt = new Date(s.expires_at);
        expiredNow = false;
        renewButton.hidden = true;
        renderSession();
        if (backend() === 'hosted') {
          // Asked only when the customer clicks "Request a new session": the new link, and its end on the card.
          portal.expiresAt = s.expires_at;
          log('demo', 'tokenProvider minted a 60-second hosted session on request');
          return s.portalUrl;
        }
        log('demo', 'tokenProvider minted a 60-second token');
        return s.token;
      }
    : undefined;
  log('demo', providerBox.checked ? 'tokenProvider on (60-second tokens)' : 'tokenProvider off');
});
$<HTMLSelectElement>('locale').addEventListener('change', (e) => {
  const v = (e.target as HTMLSelectElement).value;
  if (v) portal.setAttribute('locale', v);
  else portal.removeAttribute('locale');
});
$<HTMLSelectElement>('timezone').addEventListener('change', (e) => {
  const v = (e.target as HTMLSelectElement).value;
  if (v) portal.setAttribute('timezone', v);
  else portal.removeAttribute('timezone');
});
$<HTMLSelectElement>('sections').addEventListener('change', (e) => {
  // `sections="…"`: those sections alone, without tabs (an unknown name warns once and is skipped).
  const v = (e.target as HTMLSelectElement).value;
  if (v) portal.setAttribute('sections', v);
  else portal.removeAttribute('sections');
  log('demo', v ? `sections="${v}"` : 'all tabs');
});
$<HTMLSelectElement>('theme').addEventListener('change', (e) => {
  portal.setAttribute('theme', (e.target as HTMLSelectElement).value);
});
setInterval(renderSession, 1000);

// ------------------------------------------------------------------ boot

/** Loads the chosen backend's seeded customers into the picker; false when the server is unreachable. */
async function loadCustomers(): Promise<CustomerSummary[] | null> {
  let customers: CustomerSummary[];
  try {
    customers = (await (await fetch(`${serverBase()}/__admin/customers`)).json()) as CustomerSummary[];
    statusBox.className = 'server ok';
    statusBox.textContent = `Reference server ${serverBase()}`;
  } catch {
    statusBox.className = 'server bad';
    statusBox.textContent = `Reference server unreachable at ${SERVER} — run npm start`;
    return null;
  }
  customerSelect.replaceChildren();
  for (const c of customers) {
    const option = document.createElement('option');
    option.value = c.external_id;
    const extra = [c.currency.toUpperCase(), c.timezone, c.member_session ? 'member session' : ''].filter(Boolean).join(', ');
    option.textContent = `${c.external_id} — ${c.name} (${extra})`;
    customerSelect.append(option);
  }
  return customers;
}

/** Points the element at the chosen backend (attribute and api-base) and starts a session there. */
async function switchBackend(): Promise<void> {
  portal.token = null;
  portal.portalUrl = null;
  pointAtBackend();
  if (!(await loadCustomers())) return;
  log('demo', `backend: ${backend()}`);
  await pushFaults();
  await startSession();
}

async function boot(): Promise<void> {
  if (new URLSearchParams(location.search).get('actions') === 'off') actionsBox.checked = false;
  applyActions();
  const fromQuery = new URLSearchParams(location.search).get('backend');
  if (fromQuery && ['polar', 'lago', 'hosted'].includes(fromQuery)) backendSelect.value = fromQuery;
  pointAtBackend();
  const params = new URLSearchParams(location.search);
  // A session link (`?token=…`) is used once, then removed from the address bar.
  const linkToken = params.get('token');
  if (linkToken !== null) {
    params.delete('token');
    const url = new URL(location.href);
    url.search = params.toString();
    history.replaceState(null, '', url);
  }
  const customers = await loadCustomers();
  if (!customers) return;
  let fromLink: string | null = null;
  let linkExpiry: Date | null = null;
  if (linkToken && backend() === 'flexprice') {
    try {
      const claims = decodeJwt(linkToken);
      fromLink = typeof claims.external_customer_id === 'string' ? claims.external_customer_id : null;
      linkExpiry = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null;
    } catch {
      log('demo', 'the ?token= in the address is not a JWT; ignored', 'error');
    }
  }
  const wanted = fromLink ?? params.get('customer');
  if (wanted && customers.some((c) => c.external_id === wanted)) customerSelect.value = wanted;
  await pushFaults();
  if (linkToken && fromLink) {
    applySession(fromLink, linkToken, linkExpiry);
    log('demo', `using the session from the link for ${fromLink}`);
  } else {
    await startSession();
  }
}

void boot();
