import { expect } from '@open-wc/testing';
import { capabilities, mapCheckout, safeUrl } from './actions.js';

describe('Flexprice actions mapping', () => {
  it('reads the providers per capability from GET /integrations', () => {
    const caps = capabilities({
      payment_integrations: [
        { provider: 'chargebee', capabilities: [{ type: 'checkout', is_default: true }, { type: 'payment_link' }] },
        { provider: 'stripe', capabilities: [{ type: 'payment_link', is_default: true }] },
        { provider: 7, capabilities: [{ type: 'checkout' }] },
      ],
    });
    expect(caps.get('checkout')).to.deep.equal(['chargebee']);
    expect(caps.get('payment_link')).to.deep.equal(['stripe', 'chargebee']);
    expect(capabilities(null).size).to.equal(0);
    expect(capabilities({ payment_integrations: 'x' }).size).to.equal(0);
  });

  it('opens only http(s) pages', () => {
    expect(safeUrl('https://pay.example/x')).to.equal('https://pay.example/x');
    expect(safeUrl('javascript:alert(1)')).to.equal(null);
    expect(safeUrl('data:text/html,hi')).to.equal(null);
    expect(safeUrl(42)).to.equal(null);
  });

  it('maps a checkout session, case-insensitively, unknown statuses as pending', () => {
    expect(mapCheckout({ id: 'cs_1', checkout_status: 'COMPLETED', payment_action: { type: 'checkout_url', url: 'https://p/1' } }, 'c')).to.deep.equal({
      id: 'cs_1',
      status: 'completed',
      url: 'https://p/1',
      failureReason: null,
    });
    expect(mapCheckout({ id: 'cs_2', checkout_status: 'weird', failure_reason: 'declined' }, 'c')).to.deep.include({ status: 'pending', url: null, failureReason: 'declined' });
  });
});
