/**
 * The actions that are one confirmed write with no input to type: cancel or resume a subscription,
 * remove a saved card or make it the default, generate an invoice document. Each gives the dialog its
 * texts, the `portal-action` input, and the write (which resolves what to say once it is done).
 */
import type { BackendActions } from '../api/actions.js';
import type { ActionRequest } from '../context.js';
import { formatDate } from '../format/date.js';
import { returnUrl } from './action-runner.js';
import { actionText as a } from './strings.js';

export interface SimpleAction {
  title: string;
  consequence: string;
  confirm: string;
  input: Record<string, string>;
  /** Shown while the write is in flight (a document is generated, then polled). */
  sending: string | null;
  /** The write; resolves the notice, and a URL to open when there is one. */
  run(writes: BackendActions, signal: AbortSignal): Promise<{ notice: string; url?: string; requested?: boolean }>;
}

type Write = 'setCancelAtPeriodEnd' | 'removePaymentMethod' | 'setDefaultPaymentMethod' | 'invoiceDocument' | 'addPaymentMethod';

/** The backend's write, bound to it; throws when this backend has none (the gate hides such buttons). */
function need<K extends Write>(writes: BackendActions, name: K): NonNullable<BackendActions[K]> {
  const write = writes[name];
  if (!write) throw new Error('This action is not available here.');
  return write.bind(writes) as NonNullable<BackendActions[K]>;
}

/** null: the request is a top-up or a payment (the dialog's own flows). */
export function simpleAction(request: ActionRequest, locale: string, zone: string): SimpleAction | null {
  const { subscription: sub, paymentMethod: card, invoice, target } = request;
  const date = (d: Date | null | undefined) => formatDate(d ?? null, locale, zone);
  if (request.action === 'cancel-subscription' && sub) {
    const plan = sub.planName || '—';
    if (request.resume) {
      return {
        title: a('cancel.resumeTitle', { plan }),
        consequence: a('cancel.resumeConsequence', { date: date(sub.currentPeriodEnd) }),
        confirm: a('cancel.resumeConfirm'),
        input: { cancelAtPeriodEnd: 'false' },
        sending: null,
        run: async (writes, signal) => {
          const state = await need(writes, 'setCancelAtPeriodEnd')(target.id, false, signal);
          request.answered?.(state);
          return { notice: a('cancel.resumed', { date: date(state.currentPeriodEnd) }) };
        },
      };
    }
    return {
      title: a('cancel.title', { plan }),
      consequence: a('cancel.consequence', { date: date(sub.currentPeriodEnd) }),
      confirm: a('cancel.confirm'),
      input: { cancelAtPeriodEnd: 'true' },
      sending: null,
      run: async (writes, signal) => {
        const state = await need(writes, 'setCancelAtPeriodEnd')(target.id, true, signal);
        request.answered?.(state);
        return { notice: a('cancel.done', { date: date(state.endsAt ?? state.currentPeriodEnd) }) };
      },
    };
  }
  if (request.action === 'payment-methods' && request.addCard) {
    // An action, not a card (§1.7): nothing is stored until the customer completes the provider's page,
    // so the result is `requested`; the section re-reads the list when the customer comes back.
    return {
      title: a('card.addTitle'),
      consequence: a('card.addConsequence'),
      confirm: a('card.addConfirm'),
      input: { operation: 'add' },
      sending: null,
      run: async (writes, signal) => {
        const url = await need(writes, 'addPaymentMethod')(returnUrl(), signal);
        return { notice: a('card.addPending'), requested: true, ...(url ? { url } : {}) };
      },
    };
  }
  if (request.action === 'payment-methods' && card) {
    const name = a('card.name', { brand: card.brand ?? card.type, last4: card.last4 ?? '····' });
    if (request.makeDefault) {
      return {
        title: a('card.defaultTitle', { card: name }),
        consequence: a('card.defaultConsequence', { card: name }),
        confirm: a('card.defaultConfirm'),
        input: { operation: 'set-default' },
        sending: null,
        run: async (writes, signal) => ((await need(writes, 'setDefaultPaymentMethod')(target.id, signal)), { notice: a('card.defaultDone', { card: name }) }),
      };
    }
    return {
      title: a('card.removeTitle', { card: name }),
      consequence: a('card.removeConsequence'),
      confirm: a('card.removeConfirm'),
      input: { operation: 'remove' },
      sending: null,
      run: async (writes, signal) => ((await need(writes, 'removePaymentMethod')(target.id, signal)), { notice: a('card.removed', { card: name }) }),
    };
  }
  if (request.action === 'invoice-documents' && invoice) {
    return {
      title: a('document.title', { number: invoice.number || '—' }),
      consequence: a('document.consequence'),
      confirm: a('document.confirm'),
      input: {},
      sending: a('document.sending'),
      run: async (writes, signal) => ({ notice: a('document.done'), url: await need(writes, 'invoiceDocument')(target.id, signal) }),
    };
  }
  return null;
}
