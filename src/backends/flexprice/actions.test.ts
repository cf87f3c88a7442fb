import { expect } from '@open-wc/testing';
import { capabilities, mapCheckout, mapPaymentMethod, safeUrl } from './actions.js';

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

  it('maps a saved method: brand lower-cased, an expired card or a provider without set_default_method cannot be the default', () => {
    const card = { id: 'pm_1', provider: 'chargebee', type: 'card', status: 'ACTIVE', card: { brand: 'Visa', last4: '4242', exp_month: 4, exp_year: 2028 }, is_default: true };
    expect(mapPaymentMethod(card, 'p', true)).to.deep.equal({ id: 'pm_1', type: 'card', brand: 'visa', last4: '4242', expMonth: 4, expYear: 2028, isDefault: true, canMakeDefault: true });
    expect(mapPaymentMethod({ ...card, status: 'EXPIRED' }, 'p', true).canMakeDefault).to.equal(false);
    expect(mapPaymentMethod(card, 'p', false).canMakeDefault).to.equal(false);
    expect(mapPaymentMethod({ id: 'pm_2', type: 'sepa_debit' }, 'p', true)).to.deep.include({ type: 'sepa_debit', brand: null, last4: null, isDefault: false });
  });
});
