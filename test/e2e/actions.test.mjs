// The opt-in actions (`actions="…"`) through the CDN build on the strict-CSP
// host page (script-src 'self', Trusted Types, connect-src only the API), in
// Debian's Chromium against the reference servers over real HTTP:
// - read-only default: without `actions` a full visit writes NOTHING (the
//   servers' write logs stay empty) and shows no action control — Flexprice,
//   Polar and Lago (through the proxy);
// - Flexprice top-up end to end: dialog → `portal-action` → one write →
//   `requested` → the hosted checkout in a new tab → completed → the balance
//   on screen changes and `completed` fires; a double click is one write; a
//   host veto is zero writes;
// - Flexprice pay-invoice: Pay → hosted page → completed → the invoice is paid;
// - Lago top-up through the proxy (invoiced, settles later);
// - faults: a write answered 500 or dropped → `failed`, the input kept, no re-send.
// Zero CSP violations with the actions on. Waits for conditions, never for time.
// Run: node --test --test-concurrency=1 test/e2e/actions.test.mjs
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lagoProxyMiddleware } from '../../demo/server/main.mjs';
import { POLAR_DEFAULTS } from '../../demo/server/polar/api.mjs';
import { assertCleanStrictPage, openStrict, settle, strictPolicy, useStrictPageStack } from './pages/serve.mjs';
import { loaded } from './support/screens.mjs';

/** Mounts `<customer-portal>` with `attrs` and `props`, recording the action events (and vetoing when `window.__veto`). */
async function mount(page, attrs, props) {
  await page.evaluate(
    ([a, p]) => {
      window.__events = [];
      const el = document.createElement('customer-portal');
      for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
      Object.assign(el, p);
      el.addEventListener('portal-action', (e) => {
        window.__events.push({ type: 'portal-action', ...e.detail, cancelable: e.cancelable });
        if (window.__veto) e.preventDefault();
      });
      el.addEventListener('portal-action-result', (e) => window.__events.push({ type: 'portal-action-result', ...e.detail }));
      document.getElementById('host').append(el);
    },
    [attrs, props],
  );
  return page.locator('customer-portal');
}

const events = (page) => page.evaluate(() => window.__events);
/** Waits until the events recorded include a `portal-action-result` with `status`. */
async function resultFired(page, status) {
  try {
    await page.waitForFunction((s) => window.__events.some((e) => e.type === 'portal-action-result' && e.status === s), status);
  } catch (error) {
    assert.fail(`no portal-action-result "${status}"; events: ${JSON.stringify(await events(page).catch(() => null))} (${error.message.split('\n')[0]})`);
  }
}

async function writes(base) {
  const res = await fetch(`${base}/__qa/writes`);
  assert.equal(res.status, 200);
  return res.json();
}
const resetWrites = (base) => fetch(`${base}/__qa/writes/reset`, { method: 'POST' });

/** Polls `fn` until it returns a truthy value (conditions, not time: the machine may be slow). */
async function until(fn, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every offered tab, an invoice's detail (opened and closed), another usage range. */
async function visitEverything(page, portal) {
  await portal.locator('#tab-overview').waitFor();
  const tabs = await page.evaluate(() => [...document.querySelector('customer-portal').shadowRoot.querySelectorAll('[role="tab"]')].map((t) => t.id.replace('tab-', '')));
  assert.deepEqual(tabs, ['overview', 'credits', 'invoices', 'usage']);
  for (const tab of tabs) {
    await portal.locator(`#tab-${tab}`).click();
    await portal.locator(`cp-section-panel[data-tab="${tab}"] :is([part~="card"], [part~="table"], .cards, [part~="state"], .unavailable)`).first().waitFor();
    await loaded(page);
    if (tab === 'invoices') {
      await portal.locator('cp-section-panel[data-tab="invoices"] [data-open]').first().click();
      await portal.locator('cp-invoice-detail dialog[open]').waitFor();
      await loaded(page);
      await page.keyboard.press('Escape');
      await portal.locator('cp-invoice-detail dialog[open]').waitFor({ state: 'detached' });
    }
    if (tab === 'usage') {
      const range = portal.locator('cp-section-panel[data-tab="usage"] cp-usage-range-section').getByRole('button', { name: '7d' });
      if (await range.count()) {
        await range.first().click();
        await loaded(page);
      }
    }
  }
}

/** Action controls anywhere in the element (Add credits, Pay). */
const actionButtons = (portal) => portal.locator('[part~="action-button"]').count();

describe('actions (CDN build, strict-CSP page, real HTTP)', () => {
  const ctx = useStrictPageStack();

  describe('read-only default', () => {
    it('Flexprice: a full visit without `actions` writes nothing and shows no action control', async () => {
      await resetWrites(ctx.api.url);
      const { page, record } = await openStrict(ctx, strictPolicy(ctx.api.url));
      try {
        const { token } = await ctx.api.api.mintToken('cus-typical');
        const portal = await mount(page, { 'api-base': `${ctx.api.url}/v1` }, { token });
        await visitEverything(page, portal);
        assert.equal(await actionButtons(portal), 0);
        assert.equal(await portal.getByRole('button', { name: /Add credits|^Pay/ }).count(), 0);
        assert.deepEqual(await writes(ctx.api.url), []);
        assert.deepEqual(await events(page), []);
        await assertCleanStrictPage(ctx, page, record, { minRoots: 5 });
      } finally {
        await page.close();
      }
    });

    it('Polar: a full visit without `actions` writes nothing', async () => {
      const base = ctx.api.polar.url;
      await resetWrites(base);
      const { page, record } = await openStrict(ctx, strictPolicy(`${base}/`), 'strict-polar.html');
      try {
        const res = await fetch(`${base}/v1/customer-sessions/`, {
          method: 'POST',
          headers: { authorization: `Bearer ${POLAR_DEFAULTS.organizationToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ external_customer_id: 'polar-typical' }),
        });
        const session = await res.json();
        const portal = await mount(page, { backend: 'polar', 'api-base': base, 'expires-at': session.expires_at }, { token: session.token });
        await visitEverything(page, portal);
        assert.equal(await actionButtons(portal), 0);
        assert.deepEqual(await writes(base), []);
        await assertCleanStrictPage(ctx, page, record);
      } finally {
        await page.close();
      }
    });

    it('Lago (through the proxy): a full visit without `actions` writes nothing', async () => {
      await resetWrites(ctx.api.lagoApiUrl);
      ctx.pages.route('/billing/lago-ro', await lagoProxyMiddleware(ctx.api.lagoApiUrl, { actions: ['top-up'] }));
      const proxy = `${ctx.pages.url}/billing/lago-ro`;
      const { page, record } = await openStrict(ctx, strictPolicy(proxy));
      try {
        const { token } = await ctx.api.lago.mintToken('lago-typical');
        const portal = await mount(page, { backend: 'lago', 'api-base': proxy }, { token });
        await visitEverything(page, portal);
        assert.equal(await actionButtons(portal), 0);
        assert.deepEqual(await writes(ctx.api.lagoApiUrl), []);
        await assertCleanStrictPage(ctx, page, record);
      } finally {
        await page.close();
      }
    });
  });

  describe('Flexprice top-up, end to end', () => {
    /** The strict page with `actions="top-up pay-invoice"` for cus-typical; records every URL the context loads. */
    async function openWithActions(customer = 'cus-typical') {
      // Fresh data, no faults, empty write log: a checkout left pending by one test would block the next top-up of the wallet.
      ctx.api.api.reset();
      ctx.api.api.setSettleDelay(50);
      const { page, record } = await openStrict(ctx, strictPolicy(ctx.api.url));
      const urls = [];
      const context = page.context();
      const watch = (p) => p.on('request', (r) => urls.push(r.url()));
      watch(page);
      const tabs = [];
      context.on('page', (p) => {
        watch(p);
        tabs.push(p);
      });
      const { token } = await ctx.api.api.mintToken(customer);
      const portal = await mount(page, { 'api-base': `${ctx.api.url}/v1`, actions: 'top-up pay-invoice' }, { token });
      return { page, record, portal, urls, tabs, token };
    }

    const walletCard = (portal) => portal.locator('cp-section-panel[data-tab="overview"] [part~="wallet-card"]').first();
    const balanceOf = async (portal) => (await walletCard(portal).locator('.balance').first().textContent()).trim();
    const dialog = (portal) => portal.locator('cp-action-dialog dialog[open]');
    const topUpSessions = async () => (await (await fetch(`${ctx.api.url}/__qa/checkout`)).json()).filter((x) => x.kind === 'wallet_topup');
    const topUps = async () => (await writes(ctx.api.url)).filter((w) => /\/top-up(\?|$)/.test(w.path));

    async function openTopUp(portal, credits) {
      await walletCard(portal).getByRole('button', { name: 'Add credits' }).click();
      await dialog(portal).waitFor();
      await dialog(portal).locator('input#credits').fill(credits);
    }

    it('Add credits → dialog → one write → hosted checkout in a new tab → paid → balance changes, completed; zero CSP violations', async () => {
      const { page, record, portal, urls, tabs, token } = await openWithActions();
      try {
        await walletCard(portal).getByRole('button', { name: 'Add credits' }).waitFor();
        await loaded(page);
        const before = await balanceOf(portal);
        await openTopUp(portal, '100');
        // The money equivalent before confirming.
        await dialog(portal).locator('#consequence').getByText(/100 credits cost \$/).waitFor();
        const newTab = page.context().waitForEvent('page');
        await dialog(portal).getByRole('button', { name: 'Continue to payment' }).click();
        await resultFired(page, 'requested');
        const seen = await events(page);
        assert.equal(seen[0].type, 'portal-action');
        assert.equal(seen[0].action, 'top-up');
        assert.equal(seen[0].cancelable, true);
        assert.equal(seen[1].type, 'portal-action-result');
        assert.equal(seen[1].status, 'requested');
        // The hosted checkout, on the provider's (loopback) origin, in a new tab.
        const checkout = await newTab;
        await checkout.waitForLoadState('domcontentloaded');
        const url = new URL(checkout.url());
        assert.equal(url.origin, ctx.api.url);
        assert.match(url.pathname, /^\/__checkout\/cs_/);
        await checkout.getByRole('button', { name: 'Pay' }).click();
        await checkout.waitForLoadState('domcontentloaded');
        // The balance on screen changes only from the server, and `completed` follows.
        await resultFired(page, 'completed');
        await until(async () => (await balanceOf(portal)) !== before, 'the balance on screen changed');
        const toNumber = (text) => Number(text.replace(/[^\d.]/g, ''));
        // In cents of a credit, so that 434.2 + 100 is 534.2 exactly.
        assert.equal(Math.round(toNumber(await balanceOf(portal)) * 100) - Math.round(toNumber(before) * 100), 100_00, `balance ${before} → ${await balanceOf(portal)}`);
        assert.equal((await topUps()).length, 1, JSON.stringify(await writes(ctx.api.url)));
        assert.ok(tabs.length >= 1);
        for (const u of urls) assert.ok(!u.includes(token), `no URL carries the token: ${u}`);
        await page.bringToFront();
        await assertCleanStrictPage(ctx, page, record, { minRoots: 5 });
      } finally {
        await page.close();
      }
    });

    it('a double click on confirm is one write', async () => {
      const { page, record, portal } = await openWithActions();
      try {
        await openTopUp(portal, '100');
        await dialog(portal).locator('#consequence').getByText(/100 credits cost/).waitFor();
        await dialog(portal).getByRole('button', { name: 'Continue to payment' }).dblclick();
        await resultFired(page, 'requested');
        await dialog(portal).getByRole('button', { name: 'Close' }).waitFor();
        assert.equal((await topUps()).length, 1, JSON.stringify(await writes(ctx.api.url)));
        assert.equal((await events(page)).filter((e) => e.type === 'portal-action').length, 1);
        await assertCleanStrictPage(ctx, page, record, { minRoots: 5 });
      } finally {
        await page.close();
      }
    });

    it('a host that calls preventDefault() on portal-action gets zero writes', async () => {
      const { page, record, portal } = await openWithActions();
      try {
        await page.evaluate(() => (window.__veto = true));
        await openTopUp(portal, '40');
        await dialog(portal).getByRole('button', { name: 'Continue to payment' }).click();
        await dialog(portal).waitFor({ state: 'detached' });
        const seen = await events(page);
        assert.deepEqual(seen.map((e) => e.type), ['portal-action']);
        assert.equal(seen[0].input.credits, '40');
        assert.deepEqual(await writes(ctx.api.url), []);
        await assertCleanStrictPage(ctx, page, record, { minRoots: 5 });
      } finally {
        await page.close();
      }
    });

    it('a write answered 500: the dialog says so, keeps what was typed, `failed`, nothing re-sent', async () => {
      const { page, portal } = await openWithActions();
      try {
        ctx.api.api.setFaults({ status: 500, writesOnly: true });
        await openTopUp(portal, '60');
        await dialog(portal).getByRole('button', { name: 'Continue to payment' }).click();
        await resultFired(page, 'failed');
        const failed = (await events(page)).find((e) => e.type === 'portal-action-result');
        assert.equal(failed.status, 'failed');
        assert.ok(failed.code && failed.message, JSON.stringify(failed));
        await dialog(portal).locator('#credits-problem').getByText(/\S/).waitFor();
        assert.equal(await dialog(portal).locator('input#credits').inputValue(), '60');
        await dialog(portal).getByRole('button', { name: 'Try again' }).waitFor();
        // The wallet re-read after the failure is a read, not a write: still exactly one write.
        await loaded(page);
        assert.equal((await topUps()).length, 1, JSON.stringify(await writes(ctx.api.url)));
        assert.equal((await events(page)).filter((e) => e.type === 'portal-action').length, 1);
        await assertNoViolations(ctx, page);
      } finally {
        ctx.api.api.setFaults({});
        await page.close();
      }
    });

    it('a write applied but its answer dropped: `failed`, the balance re-read, what was typed kept, one top-up on the server', async (t) => {
      const { page, portal } = await openWithActions();
      try {
        const sessionsBefore = (await topUpSessions()).length;
        ctx.api.api.setFaults({ dropAfterWrite: true });
        await openTopUp(portal, '70');
        await dialog(portal).getByRole('button', { name: 'Continue to payment' }).click();
        await resultFired(page, 'failed');
        await dialog(portal).locator('[role="status"]').getByText(/did not answer/).waitFor();
        assert.equal(await dialog(portal).locator('input#credits').inputValue(), '70');
        await loaded(page);
        assert.equal((await events(page)).filter((e) => e.type === 'portal-action').length, 1);
        // The element sent it once. Chromium itself re-sends a POST whose reused keep-alive connection closed
        // before any answer byte (net stack, not JS): the server may see the same request (same body, same
        // idempotency key) several times; Flexprice replays the first answer, so there is ONE top-up.
        const sent = await topUps();
        assert.ok(sent.length >= 1);
        if (sent.length > 1) t.diagnostic(`the browser re-sent the dropped POST at the transport level: ${sent.length} requests, same idempotency key`);
        assert.equal((await topUpSessions()).length - sessionsBefore, 1, 'exactly one top-up checkout was created');
        await assertNoViolations(ctx, page);
      } finally {
        ctx.api.api.setFaults({});
        await page.close();
      }
    });
    it('the provider declines the checkout: `failed`, the balance unchanged, one write', async () => {
      const { page, record, portal } = await openWithActions();
      try {
        await walletCard(portal).getByRole('button', { name: 'Add credits' }).waitFor();
        await loaded(page);
        const before = await balanceOf(portal);
        await openTopUp(portal, '100');
        const newTab = page.context().waitForEvent('page');
        await dialog(portal).getByRole('button', { name: 'Continue to payment' }).click();
        await resultFired(page, 'requested');
        const checkout = await newTab;
        const id = new URL(checkout.url()).pathname.split('/').pop();
        await checkout.close();
        const declined = await fetch(`${ctx.api.url}/__qa/checkout/${id}/fail`, { method: 'POST', body: JSON.stringify({ reason: 'card_declined' }) });
        assert.equal(declined.status, 200, await declined.text());
        await resultFired(page, 'failed');
        await dialog(portal).locator('[role="status"]').getByText('The payment was not completed. Nothing was added.').waitFor();
        await loaded(page);
        assert.equal(await balanceOf(portal), before);
        assert.equal((await topUps()).length, 1);
        await assertCleanStrictPage(ctx, page, record, { minRoots: 5 });
      } finally {
        await page.close();
      }
    });
  });

  describe('Flexprice pay-invoice', () => {
    it('Pay → hosted page → completed → the invoice shows paid after the refetch', async () => {
      ctx.api.api.reset();
      ctx.api.api.setSettleDelay(50);
      const { page, record } = await openStrict(ctx, strictPolicy(ctx.api.url));
      try {
        const { token } = await ctx.api.api.mintToken('cus-typical');
        const portal = await mount(page, { 'api-base': `${ctx.api.url}/v1`, actions: 'top-up pay-invoice' }, { token });
        await portal.locator('#tab-invoices').click();
        const panel = portal.locator('cp-section-panel[data-tab="invoices"]');
        const pay = panel.locator('[part~="action-button"]').first();
        await pay.waitFor();
        await loaded(page);
        const label = await pay.getAttribute('aria-label');
        const number = label.replace(/^Pay invoice /, '');
        const newTab = page.context().waitForEvent('page');
        await pay.click();
        const dialog = portal.locator('cp-action-dialog dialog[open]');
        await dialog.getByRole('button', { name: /^Pay / }).click();
        await resultFired(page, 'requested');
        const checkout = await newTab;
        await checkout.waitForLoadState('domcontentloaded');
        assert.equal(new URL(checkout.url()).origin, ctx.api.url);
        const id = new URL(checkout.url()).pathname.split('/').pop();
        const done = await fetch(`${ctx.api.url}/__qa/checkout/${id}/complete`, { method: 'POST' });
        assert.equal(done.status, 200, await done.text());
        await resultFired(page, 'completed');
        await dialog.locator('[role="status"]').getByText('Paid: the invoice is settled.').waitFor();
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        // The row of that invoice: paid, no Pay any more.
        await until(async () => (await panel.getByRole('button', { name: label }).count()) === 0, `no "${label}" button`);
        const row = panel.locator(':is(tr, li, article, [part~="card"])', { hasText: number }).first();
        await row.getByText('Paid').first().waitFor();
        const pays = (await writes(ctx.api.url)).filter((w) => /\/pay(\?|$)/.test(w.path));
        assert.equal(pays.length, 1);
        await checkout.close();
        await page.bringToFront();
        await assertCleanStrictPage(ctx, page, record, { minRoots: 5 });
      } finally {
        await page.close();
      }
    });

    it("Pay from the invoice's detail → the hosted page's own Pay button → the detail's Pay is gone, `completed`", async () => {
      ctx.api.api.reset();
      ctx.api.api.setSettleDelay(50);
      const { page, record } = await openStrict(ctx, strictPolicy(ctx.api.url));
      try {
        const { token } = await ctx.api.api.mintToken('cus-typical');
        const portal = await mount(page, { 'api-base': `${ctx.api.url}/v1`, actions: 'pay-invoice' }, { token });
        await portal.locator('#tab-invoices').click();
        const panel = portal.locator('cp-section-panel[data-tab="invoices"]');
        const rowPay = panel.locator('[part~="action-button"]').first();
        await rowPay.waitFor();
        await loaded(page);
        const label = await rowPay.getAttribute('aria-label');
        const number = label.replace(/^Pay invoice /, '');
        await panel.getByRole('button', { name: `Show details of invoice ${number}` }).first().click();
        const detail = portal.locator('cp-invoice-detail dialog[open]');
        await detail.waitFor();
        const newTab = page.context().waitForEvent('page');
        await detail.getByRole('button', { name: label }).click();
        const confirm = portal.locator('cp-action-dialog dialog[open]');
        await confirm.getByRole('button', { name: /^Pay / }).click();
        await resultFired(page, 'requested');
        const checkout = await newTab;
        await checkout.getByRole('button', { name: 'Pay' }).click();
        await checkout.waitForLoadState('domcontentloaded');
        await resultFired(page, 'completed');
        await confirm.getByRole('button', { name: 'Close' }).click();
        await confirm.waitFor({ state: 'detached' });
        await until(async () => (await portal.getByRole('button', { name: label }).count()) === 0, `no "${label}" button anywhere`);
        assert.equal((await writes(ctx.api.url)).filter((w) => /\/pay(\?|$)/.test(w.path)).length, 1);
        // The provider's tab (back on the host page after paying) closed, the portal's page in front:
        // settle()'s marker event must not wait on a background tab.
        await checkout.close();
        await page.bringToFront();
        await assertCleanStrictPage(ctx, page, record, { minRoots: 5 });
      } finally {
        await page.close();
      }
    });
  });

  describe('Lago top-up (through the proxy)', () => {
    /** The strict page, `actions="top-up"`, the package's proxy (allowing top-up) on the page's origin. */
    async function openLago(route) {
      await resetWrites(ctx.api.lagoApiUrl);
      ctx.api.lago.setFaults({});
      ctx.api.lago.setSettleDelay(300);
      ctx.pages.route(route, await lagoProxyMiddleware(ctx.api.lagoApiUrl, { actions: ['top-up'] }));
      const proxy = `${ctx.pages.url}${route}`;
      const { page, record } = await openStrict(ctx, strictPolicy(proxy));
      const { token } = await ctx.api.lago.mintToken('lago-typical');
      const portal = await mount(page, { backend: 'lago', 'api-base': proxy, actions: 'top-up' }, { token });
      return { page, record, portal };
    }
    const card = (portal) => portal.locator('cp-section-panel[data-tab="overview"] [part~="wallet-card"]').first();
    const dialog = (portal) => portal.locator('cp-action-dialog dialog[open]');
    const mutations = async () => (await writes(ctx.api.lagoApiUrl)).filter((w) => (w.fields ?? []).includes('createCustomerPortalWalletTransaction'));

    it('invoiced → `requested`, then `completed` once the server settles; the balance changes on screen', async () => {
      const { page, record, portal } = await openLago('/billing/lago-topup');
      try {
        await card(portal).getByRole('button', { name: 'Add credits' }).click();
        await dialog(portal).locator('input#credits').fill('20');
        await dialog(portal).locator('#consequence').getByText(/20 credits cost \$20\.00/).waitFor();
        await loaded(page);
        const before = (await card(portal).locator('.balance').first().textContent()).trim();
        await dialog(portal).getByRole('button', { name: 'Add credits', exact: true }).click();
        await resultFired(page, 'requested');
        await resultFired(page, 'completed');
        await until(async () => (await card(portal).locator('.balance').first().textContent()).trim() !== before, 'the balance on screen changed');
        assert.equal((await mutations()).length, 1, JSON.stringify(await writes(ctx.api.lagoApiUrl)));
        await assertCleanStrictPage(ctx, page, record, { minRoots: 5 });
      } finally {
        await page.close();
      }
    });

    it('a mutation applied but its answer dropped (no idempotency on Lago): `failed`, what was typed kept, exactly one mutation', async () => {
      const { page, portal } = await openLago('/billing/lago-drop');
      try {
        ctx.api.lago.setFaults({ dropAfterWrite: true });
        await card(portal).getByRole('button', { name: 'Add credits' }).click();
        await dialog(portal).locator('input#credits').fill('30');
        await dialog(portal).getByRole('button', { name: 'Add credits', exact: true }).click();
        await resultFired(page, 'failed');
        assert.equal(await dialog(portal).locator('input#credits').inputValue(), '30');
        await loaded(page);
        assert.equal((await mutations()).length, 1, JSON.stringify(await writes(ctx.api.lagoApiUrl)));
        assert.equal((await events(page)).filter((e) => e.type === 'portal-action').length, 1);
        await assertNoViolations(ctx, page);
      } finally {
        ctx.api.lago.setFaults({});
        await page.close();
      }
    });

    it("an amount below the wallet's minimum is refused in the form, nothing sent", async () => {
      const { page, record, portal } = await openLago('/billing/lago-min');
      try {
        await card(portal).getByRole('button', { name: 'Add credits' }).click();
        await dialog(portal).locator('input#credits').fill('5');
        await dialog(portal).getByRole('button', { name: 'Add credits', exact: true }).click();
        await dialog(portal).locator('#credits-problem').getByText('The smallest top-up is $10.00.').waitFor();
        assert.equal(await dialog(portal).locator('input#credits').inputValue(), '5');
        assert.deepEqual(await events(page), []);
        assert.deepEqual(await writes(ctx.api.lagoApiUrl), []);
        await assertCleanStrictPage(ctx, page, record, { minRoots: 5 });
      } finally {
        await page.close();
      }
    });
  });
});

/** On a page whose console may carry the injected failures' network errors: still no CSP violation, no uncaught error. */
async function assertNoViolations(ctx, page) {
  await settle(page, ctx.pages);
  assert.deepEqual(ctx.pages.reports, []);
  const seen = await page.evaluate(() => window.__strict);
  assert.deepEqual(seen.violations, []);
  assert.deepEqual(seen.errors, []);
}
