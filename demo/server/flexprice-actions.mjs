// The Flexprice customer-portal WRITE routes (contract/portal-actions.md §1) for
// the reference server in portal-api.mjs, plus the loopback "provider" pages
// (hosted checkout, payment link, card capture) and their simulated webhook.
//
// Like portal-api.mjs: pure ESM, no Node-only APIs (runs in the browser too).
//
// What the customer pays on a hosted page completes in two steps, as at the
// vendor: the gateway session goes terminal at once (`completed`), the money
// lands when the "webhook" arrives `settleDelayMs` later (default 1000; 0 =
// in the same call, for tests): wallet credits, invoice paid, a new card.
//
// Choices where the contract says "not established" (§1.10, §7):
// - the routes are served (feature-detect with `GET /integrations`); the fault
//   switch `notDeployed` answers gin's `404 page not found` on every one of them;
// - a top-up already in flight answers the NEWEST design: 200 with the blocking
//   session and `entity_creation_result.status = "failed_already_exists"`;
//   `on_existing_entity: "supersede"` cancels it (→ expired) and starts anew;
// - a top-up without `idempotency_key` is a new top-up each time; the same key
//   with the same body replays the stored answer (never a second charge), the
//   same key with a different body is 409 `already_exists`;
// - `POST /payment-methods/delete` and `/default` answer `{"success": true}`;
// - a hosted "Cancel" marks the session `expired` (like the API cancel), the
//   QA `fail` marks it `failed` with a `failure_reason`; either voids the
//   top-up's draft invoice and fails its pending transaction;
// - `next_poll_after_ms` / `stale` are not sent (optional in the contract);
// - the trial-end "Contact support to activate this subscription" check is not modelled.
import { dec, fmt, mulDec, rfc3339, ulid, createRng } from './util.mjs';

const CAPABILITIES = ['checkout', 'payment_link', 'auto_charge', 'payment_method_management', 'set_default_method'];
const PROVIDERS = ['stripe', 'razorpay', 'chargebee', 'nomod', 'moyasar', 'paddle', 'whop'];
const TERMINAL = new Set(['completed', 'failed', 'expired']);
const SESSION_TTL_MS = 30 * 60_000;
/** Smallest top-up charge per currency (the tenant's `wallet_topup_config`), in money. */
const TOPUP_MINIMUM = { usd: '5', eur: '5', jpy: '500', kwd: '2', gbp: '5', inr: '100' };
const CARD_BRANDS = [['visa', '4242'], ['mastercard', '5454'], ['amex', '0005'], ['visa', '1881']];

/** Per-customer payment setup: which providers are published, and the saved cards. */
function seedPayments(c, rng) {
  if (c.externalId === 'cus-empty') return { integrations: [], methods: [] };
  const card = (provider, [brand, last4], extra) => ({
    id: ulid('pm', Date.parse(c.info.created_at ?? '2026-01-01T00:00:00Z'), rng), provider, type: 'card', status: 'ACTIVE',
    card: { brand, last4, exp_month: 4, exp_year: 2029 }, is_default: false, can_auto_charge: true, ...extra,
  });
  const integrations = [{ provider: 'chargebee', capabilities: CAPABILITIES.map((type) => ({ type, is_default: true })) }];
  // Tokyo's tenant publishes two providers: a request naming none for checkout/payment_link is ambiguous.
  if (c.externalId === 'cus-tokyo') {
    integrations.push({ provider: 'razorpay', capabilities: ['checkout', 'payment_link', 'auto_charge'].map((type) => ({ type, is_default: false })) });
  }
  const methods = [
    card('chargebee', CARD_BRANDS[0], { is_default: true }),
    card('chargebee', CARD_BRANDS[1]),
    card('chargebee', CARD_BRANDS[2], { status: 'EXPIRED', card: { brand: 'amex', last4: '0005', exp_month: 1, exp_year: 2025 }, can_auto_charge: false }),
  ];
  return { integrations, methods };
}

/**
 * `ctx`: { customer(externalId), allCustomers(), owned(c, kind, id, label), json(status, value), fail(status, code, message, details),
 *          jsonBody(req, {required}), walletView(c, wallet), nowMs(), publicBaseUrl(), settleDelayMs(), faults() }
 */
export function createFlexpriceActions(ctx) {
  const { json, fail } = ctx;
  const bad = (message, details) => fail(400, 'validation_error', message, details);
  const invalid = (message) => fail(400, 'invalid_operation', message);
  const rng = createRng('flexprice-actions');
  /** Hosted sessions by id: checkout sessions (cs_), payment links (pay_) and card captures (pmsetup_). */
  let hosted = new Map();
  /** customer id → { key → { fingerprint, body } } of accepted top-ups. */
  let topUpKeys = new Map();

  function payments(c) {
    if (!c.payments) c.payments = seedPayments(c, createRng(`payments-${c.externalId}`));
    return c.payments;
  }

  /** The provider for a capability (§1.1 resolver rules). */
  function resolveProvider(c, capability, named) {
    const { integrations } = payments(c);
    const capable = integrations.filter((i) => i.capabilities.some((k) => k.type === capability)).map((i) => i.provider);
    if (named !== undefined && named !== null && named !== '') {
      if (typeof named !== 'string' || !PROVIDERS.includes(named)) throw bad('invalid payment_provider');
      if (!integrations.some((i) => i.provider === named)) throw bad('requested payment provider is not connected');
      if (!capable.includes(named)) throw bad(`${named} does not support ${capability}; use one of: ${capable.join(', ') || 'none'}`);
      return named;
    }
    if (capable.length === 0) throw invalid(`No connected payment provider supports ${capability}`);
    if (capable.length > 1) throw bad('Specify which payment provider to use', { providers: capable.join(',') });
    return capable[0];
  }

  const money = (nanos) => fmt(nanos);
  const positiveDecimal = (value) => {
    if (typeof value !== 'string' && typeof value !== 'number') return null;
    try {
      return dec(value);
    } catch {
      return null;
    }
  };
  const httpUrl = (value) => typeof value === 'string' && /^https?:\/\//i.test(value);

  function hostedUrl(id) {
    return `${ctx.publicBaseUrl()}/__checkout/${id}`;
  }

  function sessionView(s) {
    expireIfDue(s);
    return {
      id: s.id,
      checkout_status: s.status,
      payment_provider: s.provider,
      ...(TERMINAL.has(s.status) ? {} : { payment_action: { type: 'checkout_url', url: hostedUrl(s.id) } }),
      ...(s.invoiceId && s.status === 'completed' ? { checkout_invoice_id: s.invoiceId } : {}),
      ...(s.paymentId && s.status === 'completed' ? { checkout_payment_id: s.paymentId } : {}),
      expires_at: rfc3339(s.expiresMs),
      ...(s.completedMs ? { completed_at: rfc3339(s.completedMs) } : {}),
      ...(s.cancelledMs ? { cancelled_at: rfc3339(s.cancelledMs) } : {}),
      ...(s.failureReason ? { failure_reason: s.failureReason } : {}),
      ...(s.entityResult ? { entity_creation_result: s.entityResult } : {}),
    };
  }

  function expireIfDue(s) {
    if (!TERMINAL.has(s.status) && ctx.nowMs() >= s.expiresMs) abandon(s, 'expired');
  }

  function ownSession(c, id) {
    const s = hosted.get(id);
    if (!s || s.kind !== 'wallet_topup') throw fail(404, 'not_found', 'Checkout session not found');
    if (s.customerId !== c.id) throw fail(404, 'not_found', 'Checkout session does not belong to this customer');
    return s;
  }

  // ------------------------------------------------------------ settlement (the "webhook")

  function settleLater(fn) {
    const ms = ctx.settleDelayMs();
    if (!ms) fn();
    else setTimeout(fn, ms);
  }

  function creditWallet(s) {
    const c = s.c;
    const wallet = c.index.wallets.get(s.walletId);
    const tx = s.tx;
    if (!wallet || !tx || tx.transaction_status !== 'pending') return;
    const credits = dec(tx.credit_amount);
    const before = dec(wallet.credit_balance);
    const after = before + credits;
    const rate = dec(wallet.topup_conversion_rate ?? wallet.conversion_rate);
    wallet.credit_balance = fmt(after);
    wallet.balance = fmt(mulDec(after, dec(wallet.conversion_rate)));
    wallet.updated_at = rfc3339(ctx.nowMs());
    Object.assign(tx, {
      transaction_status: 'completed', credit_balance_before: fmt(before), credit_balance_after: fmt(after),
      credits_available: fmt(credits), amount: fmt(mulDec(credits, rate)), updated_at: rfc3339(ctx.nowMs()),
    });
    const rt = c.walletRealtime.get(wallet.id);
    if (rt) {
      const rtCredits = dec(rt.real_time_credit_balance ?? '0') + credits;
      rt.real_time_credit_balance = fmt(rtCredits);
      rt.real_time_balance = fmt(mulDec(rtCredits, dec(wallet.conversion_rate)));
      rt.balance_updated_at = rfc3339(ctx.nowMs());
      if (rt.credits_available_breakdown) rt.credits_available_breakdown.purchased = fmt(dec(rt.credits_available_breakdown.purchased) + credits);
    }
  }

  function markInvoicePaid(c, invoiceId) {
    const invoice = c.index.invoices.get(invoiceId);
    if (!invoice) return;
    const at = rfc3339(ctx.nowMs());
    if (invoice.invoice_status === 'DRAFT') {
      invoice.invoice_status = 'FINALIZED';
      invoice.finalized_at = at;
      invoice.issue_date = at;
      invoice.invoice_number = `INV-${invoice.id.slice(-8)}`;
    }
    invoice.amount_paid = fmt(dec(invoice.amount_paid) + dec(invoice.amount_remaining));
    invoice.amount_remaining = '0';
    invoice.payment_status = 'SUCCEEDED';
    invoice.paid_at = at;
    invoice.updated_at = at;
  }

  /** The provider finished: the session is terminal now, the money lands after the webhook delay. */
  function complete(s) {
    expireIfDue(s);
    if (TERMINAL.has(s.status)) return false;
    s.status = 'completed';
    s.completedMs = ctx.nowMs();
    if (s.kind === 'invoice_payment') s.payment.status = 'PROCESSING';
    settleLater(() => {
      if (s.kind === 'wallet_topup') {
        creditWallet(s);
        markInvoicePaid(s.c, s.invoiceId);
      } else if (s.kind === 'invoice_payment') {
        s.payment.status = 'SUCCEEDED';
        markInvoicePaid(s.c, s.invoiceId);
        // Paying an invoiced top-up's invoice lands its credits.
        const topUp = [...hosted.values()].find((h) => h.kind === 'invoiced_topup' && h.invoiceId === s.invoiceId);
        if (topUp) creditWallet(topUp);
      } else if (s.kind === 'payment_method_setup') {
        const list = payments(s.c).methods;
        const [brand, last4] = CARD_BRANDS[3];
        list.push({
          id: ulid('pm', ctx.nowMs(), rng), provider: s.provider, type: 'card', status: 'ACTIVE',
          card: { brand, last4, exp_month: 12, exp_year: 2030 }, is_default: !list.some((m) => m.provider === s.provider && m.is_default), can_auto_charge: true,
        });
      }
    });
    return true;
  }

  /** Cancelled (→ expired) or failed: releases the wallet's pending guard, fails the pending top-up, voids its draft invoice. */
  function abandon(s, status, reason) {
    if (TERMINAL.has(s.status)) return;
    s.status = status;
    if (status === 'expired' && ctx.nowMs() < s.expiresMs) s.cancelledMs = ctx.nowMs();
    if (reason) s.failureReason = reason;
    if (s.kind === 'invoice_payment') s.payment.status = status === 'failed' ? 'FAILED' : 'VOIDED';
    if (s.kind === 'wallet_topup') {
      if (s.tx && s.tx.transaction_status === 'pending') s.tx.transaction_status = 'failed';
      const invoice = s.c.index.invoices.get(s.invoiceId);
      if (invoice && invoice.invoice_status === 'DRAFT') Object.assign(invoice, { invoice_status: 'VOIDED', payment_status: 'VOIDED', amount_remaining: '0', voided_at: rfc3339(ctx.nowMs()) });
      if (s.idemKey) topUpKeys.get(s.customerId)?.delete(s.idemKey);
    }
  }

  // ------------------------------------------------------------ records

  function addInvoice(c, { amount, currency, status, description }) {
    const at = ctx.nowMs();
    const invoice = {
      id: ulid('inv', at, rng), customer_id: c.id, invoice_type: 'CREDIT', invoice_status: status, payment_status: 'PENDING',
      currency, amount_due: amount, amount_paid: '0', amount_remaining: amount, subtotal: amount, total: amount,
      total_discount: '0', total_tax: '0', adjustment_amount: '0', refunded_amount: '0', total_prepaid_credits_applied: '0',
      invoice_number: status === 'DRAFT' ? null : `INV-${String(at).slice(-8)}`,
      idempotency_key: ulid('idem', at, rng).slice(5).toLowerCase(), billing_sequence: null, description,
      ...(status === 'DRAFT' ? {} : { finalized_at: rfc3339(at), issue_date: rfc3339(at), due_date: rfc3339(at) }),
      billing_reason: 'MANUAL', version: 1, environment_id: c.environmentId, is_manually_edited: false,
      tenant_id: c.tenantId, status: 'published', created_at: rfc3339(at), updated_at: rfc3339(at), created_by: c.id, updated_by: c.id,
      customer: c.info,
    };
    c.invoices.unshift(invoice);
    c.index.invoices.set(invoice.id, invoice);
    c.invoiceLines.set(invoice.id, { lines: [], taxes: [] });
    return invoice;
  }

  function addPendingTx(c, wallet, credits, key, description) {
    const at = ctx.nowMs();
    const rate = dec(wallet.topup_conversion_rate ?? wallet.conversion_rate);
    const tx = {
      id: ulid('wtxn', at, rng), wallet_id: wallet.id, customer_id: c.id, type: 'credit',
      amount: fmt(mulDec(credits, rate)), credit_amount: fmt(credits),
      credit_balance_before: wallet.credit_balance, credit_balance_after: wallet.credit_balance,
      transaction_status: 'pending', reference_type: 'EXTERNAL', reference_id: key, description, metadata: {},
      expiry_date: null, credits_available: '0', transaction_reason: 'PURCHASED_CREDIT_INVOICED', priority: null,
      currency: wallet.currency, conversion_rate: wallet.conversion_rate, topup_conversion_rate: wallet.topup_conversion_rate ?? wallet.conversion_rate,
      idempotency_key: key, environment_id: c.environmentId, tenant_id: c.tenantId, status: 'published',
      created_at: rfc3339(at), updated_at: rfc3339(at), created_by: c.id, updated_by: c.id,
    };
    const list = c.transactions.get(wallet.id) ?? [];
    list.unshift(tx);
    c.transactions.set(wallet.id, list);
    return tx;
  }

  // ------------------------------------------------------------ routes

  function topUp(c, req, m) {
    const wallet = ctx.owned(c, 'wallets', m[1], 'Wallet');
    const body = ctx.jsonBody(req, { required: true });
    const credits = body.credits_to_add === undefined ? null : positiveDecimal(body.credits_to_add);
    if (body.credits_to_add !== undefined && credits === null) throw bad();
    if (credits === null || credits <= 0n) throw bad('Enter a credit amount greater than zero');
    if (body.idempotency_key !== undefined && typeof body.idempotency_key !== 'string') throw bad();
    if (body.checkout !== undefined && (body.checkout === null || typeof body.checkout !== 'object' || Array.isArray(body.checkout))) throw bad();
    const checkout = body.checkout;
    const key = body.idempotency_key || null;
    const fingerprint = JSON.stringify([wallet.id, fmt(credits), checkout ? { ...checkout, entity_creation_options: undefined } : null]);
    const keys = topUpKeys.get(c.id) ?? new Map();
    topUpKeys.set(c.id, keys);
    if (key && keys.has(key)) {
      const stored = keys.get(key);
      if (stored.fingerprint !== fingerprint) throw fail(409, 'already_exists', 'This idempotency_key was already used for a different top-up');
      return json(200, stored.body);
    }
    if (wallet.wallet_status !== 'active') throw invalid('Wallet is not active');
    const rate = dec(wallet.topup_conversion_rate ?? wallet.conversion_rate);
    const amount = mulDec(credits, rate);
    const minimum = TOPUP_MINIMUM[wallet.currency];
    if (minimum && amount < dec(minimum)) {
      throw bad(`Minimum top-up for ${wallet.currency.toUpperCase()} is ${minimum}`, { currency: wallet.currency, minimum_amount: minimum, amount: money(amount) });
    }
    const description = typeof body.description === 'string' && body.description ? body.description : 'Wallet top-up from customer portal';
    const txKey = key ?? ulid('idem', ctx.nowMs(), rng).slice(5).toLowerCase();
    let answer;
    if (checkout) {
      const provider = resolveProvider(c, 'checkout', checkout.payment_provider);
      if (checkout.success_url !== undefined && typeof checkout.success_url !== 'string') throw bad();
      const policy = checkout.entity_creation_options?.entity_creation_conflict_policies?.on_existing_entity ?? 'reject';
      if (policy !== 'reject' && policy !== 'supersede') throw bad('on_existing_entity must be reject or supersede');
      const blocking = [...hosted.values()].find((h) => h.kind === 'wallet_topup' && h.walletId === wallet.id && (expireIfDue(h), !TERMINAL.has(h.status)));
      let entityStatus = 'created';
      if (blocking) {
        if (policy === 'reject') {
          // Not stored under the key: the same key with "supersede" must still be accepted.
          return json(200, { checkout_session: { ...sessionView(blocking), entity_creation_result: { status: 'failed_already_exists', entity_id: blocking.id } } });
        }
        abandon(blocking, 'expired');
        entityStatus = 'superseded';
      }
      const invoice = addInvoice(c, { amount: money(amount), currency: wallet.currency, status: 'DRAFT', description: 'Prepaid credit purchase' });
      const tx = addPendingTx(c, wallet, credits, txKey, description);
      const id = ulid('cs', ctx.nowMs(), rng);
      const s = {
        id, kind: 'wallet_topup', c, customerId: c.id, walletId: wallet.id, invoiceId: invoice.id, paymentId: ulid('pay', ctx.nowMs(), rng), tx,
        provider, status: 'pending', expiresMs: ctx.nowMs() + SESSION_TTL_MS, idemKey: key,
        amount: money(amount), currency: wallet.currency, credits: fmt(credits), returnUrls: returnUrls(checkout),
        entityResult: { status: entityStatus, entity_id: id },
      };
      hosted.set(id, s);
      if (checkout.use_saved_method === true) {
        const card = payments(c).methods.find((pm) => pm.provider === provider && pm.is_default && pm.can_auto_charge && pm.status === 'ACTIVE');
        if (card) complete(s); // charged now, customer present: `completed` without a payment_action
      }
      answer = { wallet_transaction: tx, invoice_id: invoice.id, wallet: ctx.walletView(c, wallet), checkout_session: sessionView(s) };
    } else {
      const invoice = addInvoice(c, { amount: money(amount), currency: wallet.currency, status: 'FINALIZED', description: 'Prepaid credit purchase' });
      const tx = addPendingTx(c, wallet, credits, txKey, description);
      hosted.set(`topup-${tx.id}`, { id: `topup-${tx.id}`, kind: 'invoiced_topup', c, customerId: c.id, walletId: wallet.id, invoiceId: invoice.id, tx, status: 'pending', expiresMs: Infinity });
      answer = { wallet_transaction: tx, invoice_id: invoice.id, wallet: ctx.walletView(c, wallet) };
    }
    // A snapshot: the replay answers exactly what the first request answered.
    const text = JSON.parse(JSON.stringify(answer));
    if (key) keys.set(key, { fingerprint, body: text });
    return json(200, text);
  }

  function returnUrls(body) {
    const out = {};
    for (const k of ['success_url', 'cancel_url', 'failure_url']) if (httpUrl(body?.[k])) out[k] = body[k];
    return out;
  }

  function payInvoice(c, req, m) {
    const invoice = ctx.owned(c, 'invoices', m[1], 'Invoice');
    const body = ctx.jsonBody(req, { required: false });
    if (body.payment_provider !== undefined && typeof body.payment_provider !== 'string') throw bad('payment_provider must be a payment gateway type');
    if (invoice.invoice_status === 'DRAFT') throw invalid('This invoice cannot be paid yet');
    if (invoice.invoice_status === 'VOIDED') throw invalid('This invoice cannot be paid');
    if (!['PENDING', 'FAILED'].includes(invoice.payment_status)) throw invalid(`This invoice is ${invoice.payment_status}`);
    if (dec(invoice.amount_remaining) <= 0n) throw invalid('This invoice is already settled');
    const provider = resolveProvider(c, 'payment_link', body.payment_provider);
    // Reuse a live link for the same invoice and gateway: two live links could both be paid.
    let s = [...hosted.values()].find((h) => h.kind === 'invoice_payment' && h.invoiceId === invoice.id && h.provider === provider && (expireIfDue(h), h.status === 'pending'));
    if (!s) {
      const id = ulid('pay', ctx.nowMs(), rng);
      s = {
        id, kind: 'invoice_payment', c, customerId: c.id, invoiceId: invoice.id, provider, status: 'pending', expiresMs: ctx.nowMs() + SESSION_TTL_MS,
        amount: invoice.amount_remaining, currency: invoice.currency, returnUrls: returnUrls(body),
        payment: { status: 'PENDING' },
      };
      hosted.set(id, s);
    }
    return json(200, {
      payment_id: s.id, invoice_id: invoice.id, status: s.payment.status, amount: s.amount, currency: s.currency,
      payment_action: { type: 'payment_link', url: hostedUrl(s.id) },
    });
  }

  function autoTopup(c, req, m) {
    const wallet = ctx.owned(c, 'wallets', m[1], 'Wallet');
    const body = ctx.jsonBody(req, { required: true });
    const shape = 'cooldown must be an object like {"value": 6, "unit": "hour"} (unit: second, minute, hour, day)';
    if (typeof body.enabled !== 'boolean') throw bad('enabled is required');
    const decimalField = (k) => {
      if (body[k] === undefined || body[k] === null || body[k] === '') return null;
      const v = typeof body[k] === 'string' ? positiveDecimal(body[k]) : null;
      if (v === null || v < 0n) throw bad(`${k} must be a decimal string`);
      return v;
    };
    const threshold = decimalField('threshold');
    const amount = decimalField('amount');
    let cooldown;
    if (body.cooldown !== undefined && body.cooldown !== null) {
      const cd = body.cooldown;
      if (typeof cd !== 'object' || Array.isArray(cd) || !Number.isInteger(cd.value) || cd.value < 0 || !['second', 'minute', 'hour', 'day'].includes(cd.unit)) throw bad(shape);
      cooldown = cd.value === 0 ? null : { value: cd.value, unit: cd.unit };
    }
    const current = wallet.auto_topup ?? {};
    if (body.enabled) {
      if (threshold === null || amount === null || amount <= 0n) throw bad('Specify both the balance threshold and the amount to add');
      const charge = mulDec(amount, dec(wallet.topup_conversion_rate ?? wallet.conversion_rate));
      const minimum = TOPUP_MINIMUM[wallet.currency];
      if (minimum && charge < dec(minimum)) {
        throw bad(`Minimum top-up for ${wallet.currency.toUpperCase()} is ${minimum}`, { currency: wallet.currency, minimum_amount: minimum, amount: money(charge) });
      }
      const { integrations, methods } = payments(c);
      const chargers = integrations.filter((i) => i.capabilities.some((k) => k.type === 'auto_charge')).map((i) => i.provider);
      if (!methods.some((pm) => chargers.includes(pm.provider) && pm.can_auto_charge && pm.status === 'ACTIVE')) {
        throw invalid('Add a payment method that supports automatic charges before enabling auto top-up');
      }
    }
    const next = {
      enabled: body.enabled,
      threshold: threshold !== null ? fmt(threshold) : current.threshold ?? '0',
      amount: amount !== null ? fmt(amount) : current.amount ?? '0',
      invoicing: true,
    };
    const keptCooldown = cooldown === undefined ? current.cooldown : cooldown;
    if (keptCooldown) next.cooldown = keptCooldown;
    wallet.auto_topup = next;
    wallet.updated_at = rfc3339(ctx.nowMs());
    return json(200, ctx.walletView(c, wallet));
  }

  function listMethods(c, req, m, params) {
    const { integrations, methods } = payments(c);
    const managing = integrations.filter((i) => i.capabilities.some((k) => k.type === 'payment_method_management')).map((i) => i.provider);
    const asked = params.getAll('providers').flatMap((p) => p.split(',')).filter(Boolean);
    for (const p of asked) if (!PROVIDERS.includes(p)) throw bad('invalid providers value');
    const wanted = asked.length ? managing.filter((p) => asked.includes(p)) : managing;
    const broken = ctx.faults().paymentMethodsError;
    return json(200, {
      providers: wanted.map((provider) => (broken
        ? { provider, items: [], error: { message: `Could not load payment methods from ${provider}` } }
        : { provider, items: methods.filter((pm) => pm.provider === provider) })),
    });
  }

  function addMethod(c, req) {
    const body = ctx.jsonBody(req, { required: true });
    if (typeof body.payment_provider !== 'string' || !body.payment_provider) throw bad('payment_provider is required');
    const provider = resolveProvider(c, 'payment_method_management', body.payment_provider);
    const id = ulid('pmsetup', ctx.nowMs(), rng);
    const s = { id, kind: 'payment_method_setup', c, customerId: c.id, provider, status: 'pending', expiresMs: ctx.nowMs() + SESSION_TTL_MS, returnUrls: returnUrls(body) };
    hosted.set(id, s);
    return json(200, { provider, action: { type: 'redirect', url: hostedUrl(id), expires_at: rfc3339(s.expiresMs) } });
  }

  function methodRequest(c, req, capability) {
    const body = ctx.jsonBody(req, { required: true });
    if (typeof body.payment_provider !== 'string' || !body.payment_provider || typeof body.payment_method_id !== 'string' || !body.payment_method_id) {
      throw bad('payment_provider and payment_method_id are required');
    }
    const provider = resolveProvider(c, capability, body.payment_provider);
    const list = payments(c).methods;
    const pm = list.find((x) => x.id === body.payment_method_id && x.provider === provider);
    if (!pm) throw fail(404, 'not_found', 'Payment method not found');
    return { list, pm, provider };
  }

  function deleteMethod(c, req) {
    const { list, pm } = methodRequest(c, req, 'payment_method_management');
    list.splice(list.indexOf(pm), 1);
    return json(200, { success: true });
  }

  function defaultMethod(c, req) {
    const { list, pm, provider } = methodRequest(c, req, 'set_default_method');
    if (pm.status !== 'ACTIVE') throw invalid('An expired or inactive payment method cannot be the default');
    for (const x of list) if (x.provider === provider) x.is_default = x === pm;
    return json(200, { success: true });
  }

  const P = '^\\/v1\\/customer\\/portal';
  const routes = [
    ['GET', new RegExp(`${P}\\/integrations$`), (c) => json(200, { payment_integrations: payments(c).integrations })],
    ['POST', new RegExp(`${P}\\/invoices\\/([^/]+)\\/pay$`), payInvoice, { write: true }],
    ['POST', new RegExp(`${P}\\/wallets\\/([^/]+)\\/top-up$`), topUp, { write: true }],
    ['PUT', new RegExp(`${P}\\/wallets\\/([^/]+)\\/auto-topup$`), autoTopup, { write: true }],
    ['GET', new RegExp(`${P}\\/checkout-sessions\\/([^/]+)$`), (c, req, m) => json(200, sessionView(ownSession(c, m[1])))],
    ['POST', new RegExp(`${P}\\/checkout-sessions\\/([^/]+)\\/cancel$`), (c, req, m) => {
      const s = ownSession(c, m[1]);
      expireIfDue(s);
      if (s.status === 'completed') throw bad('A completed session cannot be cancelled');
      abandon(s, 'expired');
      return json(200, sessionView(s));
    }, { write: true }],
    ['GET', new RegExp(`${P}\\/payment-methods$`), listMethods],
    ['POST', new RegExp(`${P}\\/payment-methods$`), addMethod, { write: true }],
    ['POST', new RegExp(`${P}\\/payment-methods\\/delete$`), deleteMethod, { write: true }],
    ['POST', new RegExp(`${P}\\/payment-methods\\/default$`), defaultMethod, { write: true }],
  ].map((r) => [r[0], r[1], r[2], { action: true, ...(r[3] ?? {}) }]);

  // ------------------------------------------------------------ hosted pages (the provider's, on loopback)

  const PAGE_HEADERS = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  const esc = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  function page(status, title, body) {
    return {
      status,
      headers: { ...PAGE_HEADERS },
      body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title></head>\n<body><main><h1>${esc(title)}</h1>${body}</main></body></html>\n`,
    };
  }
  const describe = (s) => {
    if (s.kind === 'wallet_topup') return `<p>Buy ${esc(s.credits)} credits for <strong>${esc(s.amount)} ${esc(s.currency.toUpperCase())}</strong>.</p>`;
    if (s.kind === 'invoice_payment') return `<p>Pay invoice ${esc(s.invoiceId)}: <strong>${esc(s.amount)} ${esc(s.currency.toUpperCase())}</strong>.</p>`;
    return '<p>Save a card for future payments (test card •••• 1881).</p>';
  };
  function after(s, key) {
    const url = s.returnUrls?.[key];
    return url
      ? { status: 303, headers: { ...PAGE_HEADERS, location: url }, body: '' }
      : null;
  }

  /** `GET /__checkout/{id}` (the page), `POST /__checkout/{id}/pay|cancel` (its two buttons); null when not a hosted path. */
  function hostedPage(method, path) {
    const m = /^\/__checkout\/([^/]+)(?:\/(pay|cancel))?$/.exec(path);
    if (!m) return null;
    const s = hosted.get(m[1]);
    if (!s || s.kind === 'invoiced_topup') return page(404, 'Checkout not found', '<p>This checkout link is not valid.</p>');
    expireIfDue(s);
    const label = s.kind === 'payment_method_setup' ? 'Save card' : 'Pay';
    if (method === 'GET' && !m[2]) {
      if (TERMINAL.has(s.status)) return page(200, `Checkout ${s.status}`, `<p>This checkout is ${esc(s.status)}. You can close this tab.</p>`);
      return page(200, `Reference ${s.provider} checkout`, `${describe(s)}
<form method="post" action="/__checkout/${esc(s.id)}/pay"><button type="submit">${label}</button></form>
<form method="post" action="/__checkout/${esc(s.id)}/cancel"><button type="submit">Cancel</button></form>`);
    }
    if (method !== 'POST' || !m[2]) return page(405, 'Method not allowed', '');
    if (m[2] === 'pay') {
      if (!complete(s)) return page(409, `Checkout ${s.status}`, `<p>This checkout is ${esc(s.status)} and cannot be paid.</p>`);
      return after(s, 'success_url') ?? page(200, 'Payment received', '<p>Thank you. You can close this tab; the page you came from updates shortly.</p>');
    }
    abandon(s, 'expired');
    return after(s, 'cancel_url') ?? page(200, 'Checkout cancelled', '<p>Nothing was charged. You can close this tab.</p>');
  }

  /** QA: complete (as if paid) or fail a hosted session by id; [status, value]. */
  function qa(action, id, reason) {
    const s = hosted.get(id);
    if (!s || s.kind === 'invoiced_topup') return [404, { error: 'unknown checkout session' }];
    if (action === 'complete') {
      if (!complete(s)) return [409, { error: `checkout is ${s.status}` }];
    } else {
      abandon(s, 'failed', reason || 'The payment was declined');
      if (s.status !== 'failed') return [409, { error: `checkout is ${s.status}` }];
    }
    return [200, { id: s.id, kind: s.kind, status: s.status }];
  }

  return {
    routes,
    hostedPage,
    qa,
    /** Hosted sessions (QA listing): id, kind, status, customer. */
    sessions: () => [...hosted.values()].filter((s) => s.kind !== 'invoiced_topup').map((s) => (expireIfDue(s), { id: s.id, kind: s.kind, status: s.status, customer_id: s.customerId })),
    reset() {
      hosted = new Map();
      topUpKeys = new Map();
    },
  };
}
