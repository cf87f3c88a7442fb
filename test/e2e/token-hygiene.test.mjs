// Token hygiene, in real Chromium: the session token never appears in a URL,
// a console line, web storage, a cookie, or an attribute inside the shadow
// tree (CDN build on the strict CSP page); after token-expired no request goes
// out with the dead token; and the demo page (Vite dev server + reference
// server, as `npm start` runs them) removes `?token=` from its address with
// history.replaceState.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useStrictPageStack } from './pages/serve.mjs';

const TIMEOUT = 15_000;

/** Everything a token could leak into, read from the page. */
function exposure(page) {
  return page.evaluate(() => {
    const attrs = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        for (const name of el.getAttributeNames()) attrs.push(`${el.localName}[${name}]=${el.getAttribute(name)}`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    const host = document.querySelector('customer-portal');
    const hostAttrs = host ? host.getAttributeNames().map((n) => `customer-portal[${n}]=${host.getAttribute(n)}`) : [];
    if (host?.shadowRoot) walk(host.shadowRoot);
    const storage = [];
    for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) storage.push(`${s.key(i)}=${s.getItem(s.key(i))}`);
    return { shadowAttrs: attrs, hostAttrs, storage, cookie: document.cookie, url: location.href, title: document.title };
  });
}

describe('token hygiene', () => {
  const ctx = useStrictPageStack();

  it('never puts the token in a URL, the console, storage, cookies or shadow-tree attributes; never sends a dead one', async () => {
    const page = await ctx.browser.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const consoleLines = [];
    const requests = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    page.on('pageerror', (e) => consoleLines.push(String(e)));
    page.on('request', (r) => requests.push({ url: r.url(), token: r.headers()['x-session-token'] ?? null, method: r.method() }));
    await page.goto(`${ctx.pages.url}/strict.html`);
    await page.waitForFunction(() => customElements.get('customer-portal') !== undefined);

    const first = (await ctx.api.api.mintToken('cus-typical')).token;
    // The host uses the attribute, as a script-tag integration would.
    await page.evaluate(
      ([base, t]) => {
        const el = document.createElement('customer-portal');
        el.setAttribute('api-base', base);
        el.setAttribute('token', t);
        el.addEventListener('token-expired', (e) => ((window.__expired ??= []).push(e.detail.reason)));
        document.getElementById('host').append(el);
      },
      [`${ctx.api.url}/v1`, first],
    );
    const portal = page.locator('customer-portal');
    for (const tab of ['Credits', 'Invoices', 'Usage', 'Overview']) {
      await portal.getByRole('tab', { name: tab }).click();
    }
    await portal.getByText('Priority Support').first().waitFor();
    await portal.locator('cp-section-panel[data-tab="usage"] canvas').waitFor({ state: 'attached' });
    // Open an invoice's detail and ask for its PDF (a request with an id in its URL).
    await portal.getByRole('tab', { name: 'Invoices' }).click();
    await portal.locator('cp-section-panel[data-tab="invoices"] button[data-open]').first().click();
    await portal.locator('cp-section-panel[data-tab="invoices"] dialog[open]').waitFor();

    // The server now refuses every token: the first 401 expires the session.
    ctx.api.api.setFaults({ expireAll: true });
    await portal.getByRole('button', { name: 'Close' }).click();
    await portal.locator('cp-section-panel[data-tab="invoices"] dialog[open]').waitFor({ state: 'detached' });
    await portal.getByRole('tab', { name: 'Usage' }).click();
    await portal.locator('cp-section-panel[data-tab="usage"] cp-usage-range-section').getByRole('button', { name: '1d' }).first().click();
    await page.waitForFunction(() => (window.__expired ?? []).length === 1);
    const deadAt = requests.length;
    // Everything a user might do next: switch tabs, change range, retry.
    for (const tab of ['Overview', 'Credits', 'Invoices', 'Usage']) {
      await portal.getByRole('tab', { name: tab }).click();
      await portal.locator(`[role="tab"][aria-selected="true"]`, { hasText: tab }).waitFor();
    }
    // While the session is over the panels are inert: a click on the Usage tab's 30d lands on nothing.
    const usagePanel = portal.locator('#panel-usage');
    assert.equal(await usagePanel.getAttribute('inert'), '', 'the Usage panel is inert after expiry');
    const range = (name) => portal.locator('cp-section-panel[data-tab="usage"] cp-usage-range-section .toolbar button', { hasText: new RegExp(`^\\s*${name}\\s*$`) }).first();
    await range('30d').click({ force: true });
    assert.equal(await range('30d').getAttribute('aria-pressed'), 'false', 'the range did not change');
    assert.equal(await range('1d').getAttribute('aria-pressed'), 'true');
    // That nothing went out with the dead token is checked at the end, over every request from here on:
    // by then the new token's data is on screen, many round trips after these clicks.

    // A new token: requests resume with it only.
    ctx.api.api.setFaults({});
    const second = (await ctx.api.api.mintToken('cus-typical', { ttlSeconds: 7200 })).token;
    assert.notEqual(second, first);
    const resumeAt = requests.length;
    await page.evaluate((t) => document.querySelector('customer-portal').setAttribute('token', t), second);
    await portal.locator('cp-section-panel[data-tab="usage"] canvas').waitFor();
    const resumed = requests.slice(resumeAt).filter((r) => r.url.startsWith(`${ctx.api.url}/v1/`) && r.method !== 'OPTIONS');
    assert.ok(resumed.length > 0 && resumed.every((r) => r.token === second), 'requests resume with the new token only');
    const afterDeath = requests.slice(deadAt).filter((r) => r.url.startsWith(ctx.api.url));
    assert.deepEqual(afterDeath.filter((r) => r.token === first), [], 'no request with the dead token, then or since');
    assert.deepEqual(requests.slice(deadAt, resumeAt).filter((r) => r.url.startsWith(`${ctx.api.url}/v1/`) && r.method !== 'OPTIONS'), [], 'no API request at all while the session was over');

    const seen = await exposure(page);
    for (const token of [first, second]) {
      const fragment = token.split('.')[2]; // the signature part: unique to this token
      const leaks = [
        ...requests.filter((r) => r.url.includes(fragment)).map((r) => `URL ${r.url}`),
        ...consoleLines.filter((l) => l.includes(fragment)).map((l) => `console ${l}`),
        ...seen.shadowAttrs.filter((a) => a.includes(fragment)).map((a) => `attribute ${a}`),
        ...seen.storage.filter((s) => s.includes(fragment)).map((s) => `storage ${s}`),
        ...(seen.cookie.includes(fragment) ? ['cookie'] : []),
        ...(seen.url.includes(fragment) || seen.title.includes(fragment) ? ['address or title'] : []),
      ];
      assert.deepEqual(leaks, [], 'the token leaks nowhere');
    }
    // The host's own attribute is the host's; the element neither reflects nor copies it.
    assert.ok(seen.hostAttrs.every((a) => !a.startsWith('customer-portal[token]') || a.endsWith(second)));
    assert.ok(seen.shadowAttrs.length > 50, `the scan looked at the shadow tree (${seen.shadowAttrs.length} attributes)`);
    await page.close();
  });

  it('the demo removes ?token= from its address bar with history.replaceState', { timeout: 60_000 }, async () => {
    const { startServer } = await import('../../demo/server/main.mjs');
    const { createServer } = await import('vite');
    const api = await startServer({ port: 0 });
    const vite = await createServer({
      root: process.cwd(),
      logLevel: 'silent',
      configFile: false,
      server: { host: '127.0.0.1', port: 0, strictPort: false, open: false, hmr: false },
      plugins: [{ name: 'portal-server-url', transformIndexHtml: (h) => h.replace('%PORTAL_SERVER%', api.url) }],
    });
    await vite.listen();
    const demoUrl = `http://127.0.0.1:${vite.httpServer.address().port}/demo/`;
    const page = await ctx.browser.newPage();
    page.setDefaultTimeout(30_000);
    const consoleLines = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    try {
      const { token } = await api.api.mintToken('cus-eur');
      const replaced = [];
      await page.exposeFunction('__replaced', (u) => replaced.push(u));
      await page.addInitScript(() => {
        const original = history.replaceState.bind(history);
        history.replaceState = (state, title, url) => {
          window.__replaced(String(url));
          return original(state, title, url);
        };
        const push = history.pushState.bind(history);
        history.pushState = (state, title, url) => {
          window.__replaced(`push:${String(url)}`);
          return push(state, title, url);
        };
      });
      await page.goto(`${demoUrl}?customer=cus-typical&token=${encodeURIComponent(token)}&theme=dark`);
      await page.locator('customer-portal').getByText('Müller & Söhne GmbH').first().waitFor();
      const href = await page.evaluate(() => location.href);
      assert.ok(!href.includes(token) && !href.includes('token='), `the address no longer holds the token: ${href}`);
      assert.ok(href.includes('theme=dark'), 'other parameters stay');
      assert.ok(replaced.length >= 1 && replaced.every((u) => !u.includes(token)), 'replaceState wrote an address without the token');
      assert.ok(replaced.every((u) => !u.startsWith('push:') || !u.includes(token)), 'no history entry with the token was pushed');
      const fragment = token.split('.')[2];
      assert.deepEqual(consoleLines.filter((l) => l.includes(fragment)), [], 'the demo logs no token');
      assert.equal(await page.locator('body').innerText().then((t) => t.includes(fragment)), false, 'the demo shows no token');
    } finally {
      await page.close();
      await vite.close();
      await api.close();
    }
  });
});
