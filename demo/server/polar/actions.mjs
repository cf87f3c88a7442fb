// The Polar customer-portal WRITE routes (contract/portal-actions.md §2) for the
// reference server in api.mjs: billing details, payment methods, cancel /
// uncancel at period end, retry a failed payment with a saved card, generate an
// invoice (202, then ready on a later poll). Billing writes refuse a member
// session without the owner / billing_manager role (403 NotPermitted, §2.0).
//
// Pure ESM, no Node-only APIs (runs in the browser too).
//
// Choices where the contract is silent:
// - tax ids are checked per billing country with small patterns (GB/EU VAT, US EIN,
//   JP corporate number, else 5-20 letters and digits); Polar uses python-stdnum;
// - `billing_name: null` once set is 422 "Billing name cannot be cleared.";
// - uncancelling a subscription that is not set to cancel answers it unchanged;
// - plan, seat, pause and resume bodies are 422 here (not modelled);
// - saved cards decide how a retry goes: last4 0002 declines (`failed`), 3155 needs
//   3-D Secure (`requires_action`, then 409 PaymentAlreadyInProgress), others succeed;
// - a card is "in use" (DELETE → 400) when it is the default and a subscription still renews.
import { polarTime, uuid } from './seed.mjs';

const REASONS = ['customer_service', 'low_quality', 'missing_features', 'switched_service', 'too_complex', 'too_expensive', 'unused', 'other'];
const RETRY_MAX = 5;
const TAX_PATTERNS = {
  GB: [/^GB(\d{9}|\d{12})$/, 'gb_vat'],
  US: [/^\d{2}-?\d{7}$/, 'us_ein'],
  JP: [/^\d{13}$/, 'jp_cn'],
};
const EU = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];
const ADDRESS_KEYS = ['line1', 'line2', 'postal_code', 'city', 'state', 'country'];

/** The tax id as Polar stores it (`[value, type]`), or null when it is not valid for the country. */
export function checkTaxId(value, country) {
  const v = value.replace(/[\s.]/g, '').toUpperCase();
  if (TAX_PATTERNS[country]) return TAX_PATTERNS[country][0].test(v) ? [v, TAX_PATTERNS[country][1]] : null;
  if (EU.includes(country)) return new RegExp(`^${country === 'GR' ? 'EL' : country}[0-9A-Z]{8,12}$`).test(v) ? [v, 'eu_vat'] : null;
  return /^[0-9A-Z-]{5,20}$/.test(v) ? [v, `${country.toLowerCase()}_vat`] : null;
}

/**
 * `ctx`: { json, empty, fail(status, body), notFound(), validation(detail, error), billing(s), find(list, id), pathUuid(v),
 *          ownOrder(s, id), nowMs(), docs (the DOCS symbol), invoiceRenderPolls }
 */
export function createPolarActions(ctx) {
  const { json, empty, fail, validation } = ctx;
  const field = (loc, msg, input, type = 'value_error') => ({ type, loc: ['body', ...loc], msg, input });
  const invalid = (loc, msg, input) => validation([field(loc, msg, input)], 'PolarRequestValidationError');

  function body(req) {
    let value;
    try {
      value = req.body ? JSON.parse(req.body) : undefined;
    } catch {
      throw validation([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }]);
    }
    if (value === undefined) throw validation([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw validation([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: value }]);
    }
    return value;
  }

  function methods(c) {
    if (!c.paymentMethods) {
      const card = (key, brand, last4, year) => {
        const id = key === 'default' ? c.info.default_payment_method_id : uuid('pm', c.externalId, key);
        const at = Date.parse(c.info.created_at) + 3_600_000;
        return {
          created_at: polarTime(at, id), modified_at: null, id, processor: 'stripe', customer_id: c.id, type: 'card',
          method_metadata: { brand, last4, exp_month: 8, exp_year: year, wallet: null },
        };
      };
      c.paymentMethods = c.info.default_payment_method_id
        ? [card('default', 'visa', '4242', 2029), card('second', 'mastercard', '4444', 2028), card('declines', 'visa', '0002', 2030), card('3ds', 'visa', '3155', 2030)]
        : [];
    }
    return c.paymentMethods;
  }

  const renews = (c) => c.subscriptions.some((x) => ['active', 'trialing', 'past_due'].includes(x.status) && !x.cancel_at_period_end);

  // ------------------------------------------------------------ customer

  function updateCustomer(s, m, p, req) {
    ctx.billing(s);
    const input = body(req);
    const c = s.customer;
    const info = c.info;
    const next = { billing_name: info.billing_name, billing_address: info.billing_address, tax_id: info.tax_id, default_payment_method_id: info.default_payment_method_id };
    if ('billing_name' in input) {
      const v = input.billing_name === '' ? null : input.billing_name;
      if (v !== null && typeof v !== 'string') throw validation([field(['billing_name'], 'Input should be a valid string', v, 'string_type')]);
      if (v === null && info.billing_name) throw invalid(['billing_name'], 'Billing name cannot be cleared.', input.billing_name);
      next.billing_name = v;
    }
    if ('billing_address' in input) {
      const a = input.billing_address;
      if (a === null) {
        if (info.billing_address) throw invalid(['billing_address'], 'Customer billing address cannot be reset to null once set.', null);
        next.billing_address = null;
      } else {
        if (typeof a !== 'object' || Array.isArray(a)) throw validation([field(['billing_address'], 'Input should be a valid dictionary or object to extract fields from', a, 'model_attributes_type')]);
        for (const k of Object.keys(a)) if (!ADDRESS_KEYS.includes(k)) throw validation([field(['billing_address', k], 'Extra inputs are not permitted', a[k], 'extra_forbidden')]);
        for (const k of ADDRESS_KEYS) {
          if (a[k] !== undefined && a[k] !== null && typeof a[k] !== 'string') throw validation([field(['billing_address', k], 'Input should be a valid string', a[k], 'string_type')]);
        }
        const country = typeof a.country === 'string' ? a.country.toUpperCase() : '';
        if (!/^[A-Z]{2}$/.test(country)) throw validation([field(['billing_address', 'country'], 'Input should be a valid ISO 3166-1 alpha-2 country code', a.country ?? null, 'enum')]);
        next.billing_address = Object.fromEntries(ADDRESS_KEYS.map((k) => [k, k === 'country' ? country : a[k] || null]));
      }
    }
    const country = next.billing_address?.country ?? null;
    if ('tax_id' in input) {
      const v = input.tax_id === '' ? null : input.tax_id;
      if (v !== null && typeof v !== 'string') throw validation([field(['tax_id'], 'Input should be a valid string', v, 'string_type')]);
      if (v === null) next.tax_id = null;
      else {
        if (!country) throw invalid(['tax_id'], 'Country is required to validate tax ID.', v);
        next.tax_id = checkTaxId(v, country);
        if (!next.tax_id) throw invalid(['tax_id'], 'Invalid tax ID.', v);
      }
    } else if ('billing_address' in input && next.tax_id && country) {
      // A stored tax id is checked again against a new address.
      if (!checkTaxId(next.tax_id[0], country)) throw invalid(['tax_id'], 'Invalid tax ID.', next.tax_id[0]);
    }
    if ('default_payment_method_id' in input) {
      const v = input.default_payment_method_id;
      if (v === null) throw invalid(['default_payment_method_id'], 'Default payment method cannot be reset to null.', null);
      if (typeof v !== 'string' || !/^[0-9a-f-]{36}$/i.test(v)) throw validation([field(['default_payment_method_id'], 'Input should be a valid UUID', v, 'uuid_parsing')]);
      if (!methods(c).some((pm) => pm.id === v.toLowerCase())) throw invalid(['default_payment_method_id'], 'Payment method not found.', v);
      next.default_payment_method_id = v.toLowerCase();
    }
    Object.assign(info, next, { modified_at: polarTime(ctx.nowMs(), info.id, 'mod') });
    return json(200, info);
  }

  // ------------------------------------------------------------ payment methods

  function listMethods(s, m, params) {
    ctx.billing(s);
    return json(200, ctx.paginate(methods(s.customer), params));
  }

  function deleteMethod(s, m) {
    ctx.billing(s);
    const id = ctx.pathUuid(m[1]);
    const list = methods(s.customer);
    const pm = ctx.find(list, id);
    if (!pm) throw ctx.notFound();
    if (s.customer.info.default_payment_method_id === id && renews(s.customer)) {
      throw fail(400, { error: 'PaymentMethodInUseByActiveSubscription', detail: 'This payment method is still needed to bill a subscription. Add another payment method as default first.' });
    }
    list.splice(list.indexOf(pm), 1);
    if (s.customer.info.default_payment_method_id === id) s.customer.info.default_payment_method_id = null;
    return empty(204);
  }

  // ------------------------------------------------------------ subscriptions

  function cancel(s, sub, reason, comment) {
    if (sub.status === 'canceled' || sub.cancel_at_period_end || sub.ended_at) {
      throw fail(403, { error: 'AlreadyCanceledSubscription', detail: 'This subscription is already canceled or will be at the end of the period.' });
    }
    Object.assign(sub, {
      cancel_at_period_end: true, ends_at: sub.current_period_end, canceled_at: polarTime(ctx.nowMs(), sub.id, 'cancel'),
      customer_cancellation_reason: reason ?? null, customer_cancellation_comment: comment ?? null, modified_at: polarTime(ctx.nowMs(), sub.id, 'mod'),
    });
    return json(200, sub);
  }

  function updateSubscription(s, m, p, req) {
    ctx.billing(s);
    const input = body(req);
    const sub = ctx.find(s.customer.subscriptions, ctx.pathUuid(m[1]));
    if (!sub) throw ctx.notFound();
    const keys = Object.keys(input);
    const cancelKeys = ['cancel_at_period_end', 'cancellation_reason', 'cancellation_comment'];
    if (keys.length === 0) return json(200, sub);
    if (!keys.every((k) => cancelKeys.includes(k)) || !('cancel_at_period_end' in input)) {
      throw validation(keys.filter((k) => !cancelKeys.includes(k)).map((k) => field([k], 'Extra inputs are not permitted', input[k], 'extra_forbidden')).concat(
        'cancel_at_period_end' in input ? [] : [field(['cancel_at_period_end'], 'Field required', input, 'missing')],
      ));
    }
    const v = input.cancel_at_period_end;
    if (v === null) return json(200, sub);
    if (typeof v !== 'boolean') throw validation([field(['cancel_at_period_end'], 'Input should be a valid boolean', v, 'bool_type')]);
    if (input.cancellation_reason != null && !REASONS.includes(input.cancellation_reason)) {
      throw validation([{ ...field(['cancellation_reason'], `Input should be ${REASONS.map((r) => `'${r}'`).join(', ')}`, input.cancellation_reason, 'enum'), ctx: { expected: REASONS.join(', ') } }]);
    }
    if (input.cancellation_comment != null && typeof input.cancellation_comment !== 'string') {
      throw validation([field(['cancellation_comment'], 'Input should be a valid string', input.cancellation_comment, 'string_type')]);
    }
    if (v) return cancel(s, sub, input.cancellation_reason, input.cancellation_comment);
    if (sub.status === 'canceled' || sub.ended_at) {
      throw fail(403, { error: 'AlreadyCanceledSubscription', detail: 'This subscription is already canceled or will be at the end of the period.' });
    }
    if (!sub.cancel_at_period_end) return json(200, sub);
    if (sub.amount > 0 && methods(s.customer).length === 0) {
      throw fail(409, { error: 'PaymentMethodRequired', detail: 'Add a payment method before uncancelling this subscription.' });
    }
    Object.assign(sub, { cancel_at_period_end: false, ends_at: null, canceled_at: null, customer_cancellation_reason: null, customer_cancellation_comment: null, modified_at: polarTime(ctx.nowMs(), sub.id, 'mod') });
    return json(200, sub);
  }

  function deleteSubscription(s, m) {
    ctx.billing(s);
    const sub = ctx.find(s.customer.subscriptions, ctx.pathUuid(m[1]));
    if (!sub) throw ctx.notFound();
    return cancel(s, sub, null, null);
  }

  // ------------------------------------------------------------ orders

  function confirmPayment(s, m, p, req) {
    const order = ctx.ownOrder(s, m[1]);
    const input = body(req);
    const hasToken = typeof input.confirmation_token_id === 'string';
    const hasMethod = typeof input.payment_method_id === 'string';
    if (hasToken === hasMethod) {
      throw validation([field([], 'Either confirmation_token_id or payment_method_id must be provided, but not both.', input)]);
    }
    if (input.payment_processor !== undefined && input.payment_processor !== 'stripe') {
      throw validation([field(['payment_processor'], "Input should be 'stripe'", input.payment_processor, 'enum')]);
    }
    const state = (order[ctx.docs].retry ??= { attempts: 0, inProgress: false });
    if (state.inProgress) throw fail(409, { error: 'PaymentAlreadyInProgress', detail: 'A payment is already in progress for this order.' });
    if (order.status !== 'pending') throw fail(422, { error: 'OrderNotEligibleForRetry', detail: 'This order is not eligible for a payment retry.' });
    if (state.attempts >= RETRY_MAX) throw fail(429, { error: 'ManualRetryLimitExceeded', detail: `The maximum number of payment retries (${RETRY_MAX}) has been reached for this order.` });
    let pm = null;
    if (hasMethod) {
      pm = ctx.find(methods(s.customer), input.payment_method_id.toLowerCase());
      if (!pm) throw invalid(['payment_method_id'], 'Payment method not found.', input.payment_method_id);
    }
    state.attempts += 1;
    const last4 = pm?.method_metadata?.last4;
    if (last4 === '0002') return json(200, { status: 'failed', client_secret: null, error: 'Your card was declined.' });
    if (last4 === '3155' || hasToken) {
      state.inProgress = true;
      return json(200, { status: 'requires_action', client_secret: `pi_${order.id.replace(/-/g, '').slice(0, 24)}_secret_reference`, error: null });
    }
    Object.assign(order, { status: 'paid', paid: true, due_amount: 0, next_payment_attempt_at: null, refundable_amount: order.net_amount, refundable_tax_amount: order.tax_amount, modified_at: polarTime(ctx.nowMs(), order.id, 'paid') });
    return json(200, { status: 'succeeded', client_secret: null, error: null });
  }

  function generateInvoice(s, m) {
    const order = ctx.ownOrder(s, m[1]);
    if (order.status === 'draft' || order.status === 'void') {
      throw fail(409, { error: 'OrderNotEligibleForInvoice', detail: 'This order is not eligible for an invoice.' });
    }
    if (!order.billing_name || !order.billing_address) {
      throw fail(422, { error: 'MissingInvoiceBillingDetails', detail: 'Billing name and address are required to generate an invoice.' });
    }
    // Re-posting while the stored invoice matches is a no-op; otherwise rendered in the background.
    if (!order.is_invoice_generated) {
      order.is_invoice_generated = true;
      order[ctx.docs].invoicePolls = ctx.invoiceRenderPolls;
    }
    return empty(202);
  }

  const P = '^\\/v1\\/customer-portal';
  const write = { write: true };
  return [
    ['PATCH', new RegExp(`${P}\\/customers\\/me$`), updateCustomer, write],
    ['GET', new RegExp(`${P}\\/customers\\/me\\/payment-methods$`), listMethods],
    ['DELETE', new RegExp(`${P}\\/customers\\/me\\/payment-methods\\/([^/]+)$`), deleteMethod, write],
    ['PATCH', new RegExp(`${P}\\/subscriptions\\/([^/]+)$`), updateSubscription, write],
    ['DELETE', new RegExp(`${P}\\/subscriptions\\/([^/]+)$`), deleteSubscription, write],
    ['POST', new RegExp(`${P}\\/orders\\/([^/]+)\\/invoice$`), generateInvoice, write],
    ['POST', new RegExp(`${P}\\/orders\\/([^/]+)\\/confirm-payment$`), confirmPayment, write],
  ];
}
