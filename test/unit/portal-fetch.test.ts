import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { portalFetchStub } from '../helpers/portal-fetch.js';
import type { PortalFetchStub } from '../helpers/portal-fetch.js';

interface Info {
  external_id: string;
  name: string;
}
interface InvoicePage {
  items: Array<{ id: string; invoice_number: string | null }>;
  pagination: { total: number; limit: number; offset: number };
}

describe('portalFetchStub', () => {
  let stub: PortalFetchStub | null = null;
  const realFetch = window.fetch;

  afterEach(() => {
    stub?.restore();
    stub = null;
  });

  it('answers portal requests with real Responses from the reference handler', async () => {
    stub = await portalFetchStub({ customer: 'cus-eur' });
    expect(window.fetch).to.not.equal(realFetch);
    const res = await fetch(`${stub.apiBase}/customer/portal/info`, { headers: { 'X-Session-Token': stub.token } });
    expect(res).to.be.instanceOf(Response);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('application/json');
    expect(res.headers.get('access-control-allow-origin')).to.equal('*');
    const info = (await res.json()) as Info;
    expect(info.external_id).to.equal('cus-eur');
    expect(info.name).to.equal('Müller & Söhne GmbH');
    expect(stub.calls).to.have.length(1);
    expect(stub.calls[0]).to.include({ method: 'GET', url: 'https://portal.test/v1/customer/portal/info' });
    expect(stub.calls[0]?.headers['x-session-token']).to.equal(stub.token);
  });

  it('passes JSON bodies and keeps the contract quirks', async () => {
    stub = await portalFetchStub({ customer: 'cus-many-invoices' });
    const res = await fetch(new Request(`${stub.apiBase}/customer/portal/invoices`, {
      method: 'POST',
      headers: { 'x-session-token': stub.token, 'content-type': 'application/json' },
      body: JSON.stringify({ page: 3, limit: 20 }),
    }));
    const page = (await res.json()) as InvoicePage;
    expect(page.items).to.have.length(20);
    expect(page.pagination).to.deep.equal({ total: 2000, limit: 20, offset: 40 });
    const missing = await fetch(`${stub.apiBase}/customer/portal/invoices`, { method: 'POST', headers: { 'x-session-token': stub.token } });
    expect(missing.status).to.equal(400);
  });

  it('answers 401 without a token and for an expired one', async () => {
    stub = await portalFetchStub({ expired: true });
    const none = await fetch(`${stub.apiBase}/customer/portal/info`);
    expect(none.status).to.equal(401);
    expect(await none.json()).to.deep.equal({ error: 'Session token required' });
    const expired = await fetch(`${stub.apiBase}/customer/portal/info`, { headers: { 'x-session-token': stub.token } });
    expect(await expired.json()).to.deep.equal({ error: 'Invalid or expired session token' });
  });

  it('rejects with AbortError when the request is aborted mid-flight', async () => {
    stub = await portalFetchStub({ latencyMs: 60_000 });
    const controller = new AbortController();
    const pending = fetch(`${stub.apiBase}/customer/portal/info`, { headers: { 'x-session-token': stub.token }, signal: controller.signal });
    await waitUntil(() => stub!.calls.length === 1, 'the request never reached the stub');
    controller.abort(); // mid-flight: its answer is a minute away
    let error: unknown = null;
    try {
      await pending;
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(DOMException);
    expect((error as DOMException).name).to.equal('AbortError');
  });

  it('rejects like a network failure when the offline fault is on, and serves faults', async () => {
    stub = await portalFetchStub();
    stub.api.setFaults({ offline: true });
    let error: unknown = null;
    try {
      await fetch(`${stub.apiBase}/customer/portal/info`, { headers: { 'x-session-token': stub.token } });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TypeError);
    stub.api.setFaults({ status: 503, statusCount: 1 });
    const first = await fetch(`${stub.apiBase}/customer/portal/info`, { headers: { 'x-session-token': stub.token } });
    expect(first.status).to.equal(503);
    const second = await fetch(`${stub.apiBase}/customer/portal/info`, { headers: { 'x-session-token': stub.token } });
    expect(second.status).to.equal(200);
  });

  it('restore() puts the original fetch back', async () => {
    const s = await portalFetchStub();
    s.restore();
    expect(window.fetch).to.equal(realFetch);
  });
});
