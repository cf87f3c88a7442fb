// A minimal reference of Pabbly Subscription Billing's client-portal session
// (contract/lago-customer-portal-api.md §12): Pabbly has no customer-token read
// API, only a link-out. Pure handler (no Node-only APIs).
//
//   POST /api/v1/portal_sessions/   Basic API_KEY:SECRET_KEY, {customer_id}   (?ttl_seconds= for QA)
//     → {status:'success', message, data:{…, token:'$2b$10$…', access_url, expires_at}}   (24 h)
//   GET  /portal/access/{account}?tk=…  → the "hosted portal" page (HTML), or 401 once the session expired
export const PABBLY_DEFAULTS = { apiKey: 'pabbly_demo_key', secretKey: 'pabbly_demo_secret', account: 'acme-demo' };

const CUSTOMERS = [
  { external_id: 'pabbly-typical', name: 'Sunrise Bakery Ltd.', currency: 'USD' },
  { external_id: 'pabbly-eur', name: 'Bäckerei Müller', currency: 'EUR' },
];

export function createPabblyApi({ now = () => new Date(), ttlSeconds = 24 * 3600 } = {}) {
  let publicBaseUrl = 'https://payments.pabbly.test';
  let sessions = new Map();
  let faults = {};
  let seq = 0;
  const json = (status, value) => ({ status, headers: { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' }, body: JSON.stringify(value) });

  async function handle(req) {
    const url = new URL(req.url, 'http://pabbly.local');
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') return json(204, {});
    if (method === 'POST' && url.pathname === '/api/v1/portal_sessions/') {
      const auth = req.headers?.authorization ?? '';
      const expected = `Basic ${btoa(`${PABBLY_DEFAULTS.apiKey}:${PABBLY_DEFAULTS.secretKey}`)}`;
      if (auth !== expected) return json(401, { status: 'error', message: 'Unauthorized' });
      let body = {};
      try {
        body = JSON.parse(req.body ?? '{}');
      } catch {
        return json(400, { status: 'error', message: 'Invalid JSON' });
      }
      const customer = CUSTOMERS.find((c) => c.external_id === body.customer_id);
      if (!customer) return json(404, { status: 'error', message: 'Customer not found' });
      const ttl = Number(url.searchParams.get('ttl_seconds')) || ttlSeconds;
      const created = now().getTime();
      seq += 1;
      // Shaped like Pabbly's bcrypt-looking token: `$`, `/` and `.` included (use access_url verbatim).
      const token = `$2b$10$${btoa(`${customer.external_id}.${created}.${seq}`).replace(/=+$/, '').replace(/\+/g, '.')}/x`;
      const expiresAt = new Date(created + ttl * 1000).toISOString();
      sessions.set(token, { customer, expiresAt });
      return json(200, {
        status: 'success',
        message: 'Portal token created successfully',
        data: {
          user_id: '5e1d7f3c9a0b2c0012345678', createdAt: new Date(created).toISOString(), updatedAt: new Date(created).toISOString(),
          id: `ps_${seq}`, token, status: 'created', customer_id: customer.external_id,
          access_url: `${publicBaseUrl}/portal/access/${PABBLY_DEFAULTS.account}?tk=${token}`, expires_at: expiresAt,
        },
      });
    }
    const page = method === 'GET' && /^\/portal\/access\/[^/]+$/.exec(url.pathname);
    if (page) {
      const session = sessions.get(url.searchParams.get('tk') ?? '');
      const live = session && Date.parse(session.expiresAt) > now().getTime();
      const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      return {
        status: live ? 200 : 401,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
        body: `<!doctype html><meta charset="utf-8"><title>Client portal</title><style>body{font:16px system-ui;margin:3em}</style>${live ? `<h1>Client portal</h1><p>Signed in as ${escape(session.customer.name)} (reference Pabbly portal).</p>` : '<h1>Session expired</h1><p>Ask the app for a new link.</p>'}`,
      };
    }
    return json(404, { status: 'error', message: 'Not found' });
  }

  return {
    handle,
    customers: () => CUSTOMERS,
    getFaults: () => ({ ...faults }),
    setFaults: (f = {}) => (faults = { ...f }),
    reset() {
      sessions = new Map();
      faults = {};
    },
    setPublicUrls({ filesBaseUrl } = {}) {
      if (filesBaseUrl) publicBaseUrl = filesBaseUrl;
    },
  };
}
