import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { PAY_REQUIRES_ACTION, type CheckoutState } from '../api/actions.js';
import { ApiError } from '../api/errors.js';
import { isSafeExternalUrl } from '../api/urls.js';
import { portalContext, type ActionRequest, type PortalEnv } from '../context.js';
import type { Decimal } from '../format/decimal-core.js';
import { compare } from '../format/decimal.js';
import { formatMoney, formatNumber } from '../format/money.js';
import { componentStyles, hostStyles } from '../styles/shared.styles.js';
import { PortalElement, defineOnce } from '../ui/portal-element.js';
import { BillingDetailsForm } from './billing-details-form.js';
import { AttemptKeys, announce, failure, poll, result, returnUrl, unanswered, type DialogDeps } from './action-runner.js';
import { simpleAction, type SimpleAction } from './simple-actions.js';
import { actionDialogStyles } from './action-dialog.styles.js';
import { actionText as a, type ActionStringKey } from './strings.js';
import { checkCredits } from './top-up-input.js';

export type { DialogDeps } from './action-runner.js';

type Phase = 'input' | 'sending' | 'pending' | 'done' | 'failed';

/**
 * @summary The confirmation dialog of one action (top-up, pay invoice): what is charged, then the write and its true outcome.
 * @tag cp-action-dialog
 *
 * A modal `<dialog>` (the page behind is inert; Escape cancels; focus returns
 * to the control that opened it). One click, one write: the confirm button is
 * disabled while the write is in flight; "Try again" with the same input
 * reuses the attempt's idempotency key. Nothing on screen changes before the
 * server says so: after a hosted checkout the wallet is re-read until its
 * balance changes, while the card says the payment is pending.
 *
 * @csspart action-dialog - The dialog.
 */
export class ActionDialog extends PortalElement {
  static override styles = [hostStyles, componentStyles, actionDialogStyles];

  @consume({ context: portalContext, subscribe: true })
  @state()
  private env?: PortalEnv;

  @query('dialog') private dialog?: HTMLDialogElement;

  @state() private phase: Phase = 'input';
  /** What the customer typed (kept when the server refuses it). */
  @state() private typed = '';
  /** The field's problem: the local check's or the server's reason. */
  @state() private problem: string | null = null;
  /** What happened, in a live region. */
  @state() private notice: string | null = null;
  /** The provider's page, kept visible (a blocked pop-up cannot be detected with `noopener`). */
  @state() private checkoutUrl: string | null = null;
  /** The payment needs the bank's confirmation (3-D Secure), which only the hosted portal can run. */
  @state() private finishInPortal = false;

  request!: ActionRequest;
  deps!: DialogDeps;

  private readonly keys = new AttemptKeys();
  /** A minimum charge the server stated in an earlier refusal (Flexprice's per-currency floor). */
  private minAmount: Decimal | null = null;
  /** A maximum charge the backend states (Lago's `paidTopUpMaxAmountCents`, via `topUpRange`). */
  private maxAmount: Decimal | null = null;
  /** Settles once the range is read; a confirm meanwhile waits for it (a second click does nothing). */
  private rangeRead: Promise<void> | null = null;
  private checking = false;

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    this.dialog?.showModal();
    (this.renderRoot.querySelector<HTMLElement>('input') ?? this.renderRoot.querySelector<HTMLElement>('.primary'))?.focus();
    this.rangeRead = this.readRange().finally(() => (this.rangeRead = null));
  }

  /** The backend's stated top-up bounds (money), checked before sending; a failed read leaves the server to refuse. */
  private async readRange(): Promise<void> {
    const { wallet } = this.request;
    if (this.request.action !== 'top-up' || !wallet || !this.deps.writes.topUpRange) return;
    try {
      const range = await this.deps.writes.topUpRange(wallet.id, new AbortController().signal);
      this.minAmount = range.minAmount ?? this.minAmount;
      this.maxAmount = range.maxAmount;
    } catch {
      // No range: the server's own refusal says the bound.
    }
  }

  private get locale(): string {
    return this.env?.locale ?? 'en';
  }

  /**
   * A backend without hosted checkouts charges in the background: Lago invoices a top-up (and has no
   * idempotency: a second attempt is a second top-up), Polar charges the saved card; the texts say so.
   */
  private get noCheckoutPage(): boolean {
    return !this.deps.writes.checkout;
  }

  private money(amount: Decimal, currency: string): string {
    return formatMoney(amount, currency, this.locale);
  }

  private readonly handleClose = (): void => {
    this.deps.close();
    this.deps.opener.focus();
  };

  private readonly handleInput = (event: Event): void => {
    const typed = (event.target as HTMLInputElement).value;
    this.typed = typed;
    this.problem = null;
  };

  private readonly handleSubmit = (event: Event): void => {
    event.preventDefault();
    void this.submit();
  };

  /** What the customer confirms: the input of `portal-action`, and the top-up's credits. */
  private confirmed(): { input: Record<string, string>; credits: Decimal | null } | null {
    const { wallet, invoice } = this.request;
    if (this.request.action === 'top-up' && wallet) {
      const check = checkCredits(this.typed, wallet.conversionRate, { minAmount: this.minAmount, maxAmount: this.maxAmount });
      if (!check.ok) {
        const bound = (amount: Decimal | null) => (amount ? this.money(amount, wallet.currency) : '');
        this.problem = a(`topUp.problem.${check.problem}` as ActionStringKey, { min: bound(this.minAmount), max: bound(this.maxAmount) });
        return null;
      }
      return { input: { credits: check.credits, amount: check.amount, currency: wallet.currency }, credits: check.credits };
    }
    if (invoice) return { input: { amount: invoice.amountRemaining, currency: invoice.currency }, credits: null };
    return null;
  }

  /** The one-write actions (cancel, cards, documents); null for a top-up or a payment. */
  private get simple(): SimpleAction | null {
    return simpleAction(this.request, this.locale, this.env?.timeZone ?? 'UTC');
  }

  private async submit(): Promise<void> {
    if (this.phase === 'sending' || this.phase === 'pending' || this.checking) return;
    if (this.rangeRead) {
      this.checking = true;
      try {
        await this.rangeRead;
      } finally {
        this.checking = false;
      }
    }
    const simple = this.simple;
    if (simple) return this.runSimple(simple);
    const confirmed = this.confirmed();
    if (!confirmed) return;
    const { action, target } = this.request;
    const key = this.keys.for(JSON.stringify(confirmed.input));
    if (!announce(this.deps.host, action, target, confirmed.input)) {
      // The host runs its own flow: the element writes nothing.
      this.dialog?.close();
      return;
    }
    this.phase = 'sending';
    this.problem = null;
    this.notice = null;
    const { writes } = this.deps;
    const signal = new AbortController().signal;
    try {
      if (action === 'top-up' && confirmed.credits !== null && writes.topUp) {
        const done = await writes.topUp({ walletId: target.id, credits: confirmed.credits, idempotencyKey: key, returnUrl: returnUrl() }, signal);
        this.started(done.checkout, done.checkout ? 'topUp.pending' : 'topUp.invoiced');
        if (done.checkout?.status === 'failed' || done.checkout?.status === 'expired') throw new ApiError({ kind: 'http', code: 'checkout_failed', message: done.checkout.failureReason ?? a('checkout.failed') });
        // Invoiced (Lago): no page to open; the wallet is re-read until the credits land.
        void this.follow(done.checkout);
      } else if (action === 'pay-invoice' && writes.payInvoice) {
        const paid = await writes.payInvoice({ invoiceId: target.id, idempotencyKey: key, returnUrl: returnUrl() }, signal);
        if (paid.status === PAY_REQUIRES_ACTION) return this.needsPortal();
        this.started(paid.url ? { id: paid.paymentId, status: 'pending', url: paid.url, failureReason: null } : null, 'pay.pending');
        void this.followInvoice();
      }
    } catch (error) {
      await this.failed(error);
    }
  }

  /** One confirmed write; completed once the server answered, then the section re-reads (no optimistic state). */
  private async runSimple(simple: SimpleAction): Promise<void> {
    const { action, target } = this.request;
    if (!announce(this.deps.host, action, target, simple.input)) {
      this.dialog?.close();
      return;
    }
    this.phase = 'sending';
    this.notice = simple.sending;
    try {
      const done = await simple.run(this.deps.writes, new AbortController().signal);
      if (done.url && isSafeExternalUrl(done.url)) {
        this.checkoutUrl = done.url;
        window.open(done.url, '_blank', 'noopener');
      }
      this.phase = 'done';
      this.notice = done.notice;
      result(this.deps.host, { action, target, status: done.requested ? 'requested' : 'completed' });
      this.request.refresh();
    } catch (error) {
      await this.failed(error);
    }
  }

  /** The write was accepted: open the provider's page, say what is pending. */
  private started(checkout: CheckoutState | null, notice: ActionStringKey): void {
    const { action, target } = this.request;
    if (checkout?.url) {
      this.checkoutUrl = checkout.url;
      window.open(checkout.url, '_blank', 'noopener');
    }
    this.phase = 'pending';
    this.notice = a(notice);
    result(this.deps.host, { action, target, status: 'requested' });
  }

  /** Polar's 3-D Secure: the customer finishes in the hosted portal (the host's `portal-url`); the list is re-read. */
  private needsPortal(): void {
    const { action, target } = this.request;
    this.finishInPortal = true;
    this.phase = 'done';
    this.notice = a(this.portalUrl ? 'pay.requiresAction' : 'pay.requiresActionNoLink');
    result(this.deps.host, { action, target, status: 'requested' });
    this.request.refresh();
  }

  /** The host's `portal-url`, when it is a web address. */
  private get portalUrl(): string | null {
    const url = (this.deps.host as HTMLElement & { portalUrl?: string | null }).portalUrl;
    return url && isSafeExternalUrl(url) ? url : null;
  }

  /** After a top-up: re-read the wallet until its balance changes (the card says the payment is pending meanwhile). */
  private async follow(checkout: CheckoutState | null): Promise<void> {
    const { target, wallet, action } = this.request;
    if (!wallet) return;
    this.deps.setPending(target, true);
    let balance = wallet.creditBalance;
    const { writes } = this.deps;
    const outcome = await poll(
      async (signal) => {
        const backend = this.env?.backend;
        if (!backend) return false;
        const now = await backend.wallet(wallet.id, signal);
        balance = now.creditBalance;
        return compare(now.creditBalance, wallet.creditBalance) !== 0;
      },
      checkout && writes.checkout ? (signal) => writes.checkout!(checkout.id, signal) : null,
      new AbortController().signal,
    );
    this.deps.setPending(target, false);
    this.request.refresh();
    if (outcome === 'changed') {
      this.phase = 'done';
      this.notice = a('topUp.done', { balance: formatNumber(balance, this.locale) });
      result(this.deps.host, { action, target, status: 'completed' });
    } else if (outcome === 'failed') {
      this.phase = 'failed';
      this.notice = a('checkout.failed');
      result(this.deps.host, { action, target, status: 'failed', code: 'checkout_failed', message: this.notice });
    } else {
      this.notice = a('topUp.timeout');
    }
  }

  /** After starting a payment: re-read the invoice until the server says it is paid (never flipped here). */
  private async followInvoice(): Promise<void> {
    const { target, action } = this.request;
    this.deps.setPending(target, true);
    const outcome = await poll(
      async (signal) => (await this.env?.backend?.invoice(target.id, signal))?.status === 'paid',
      null,
      new AbortController().signal,
    );
    this.deps.setPending(target, false);
    this.request.refresh();
    if (outcome === 'changed') {
      this.phase = 'done';
      this.notice = a('pay.done');
      result(this.deps.host, { action, target, status: 'completed' });
    }
  }

  private async failed(error: unknown): Promise<void> {
    const { action, target, wallet, section } = this.request;
    const { code, message } = failure(error);
    this.phase = 'failed';
    if (unanswered(error)) {
      // Never re-sent blindly: re-read what the server has, and say what was found.
      this.request.refresh();
      let balance = wallet?.creditBalance ?? '0';
      try {
        if (wallet && this.env?.backend) balance = (await this.env.backend.wallet(wallet.id, new AbortController().signal)).creditBalance;
      } catch {
        // The read failed too: the last balance shown stays.
      }
      const unansweredKey = this.noCheckoutPage ? 'topUp.unansweredInvoiced' : 'topUp.unanswered';
      this.notice = action === 'top-up' ? a(unansweredKey, { balance: formatNumber(balance, this.locale) }) : a(action === 'pay-invoice' ? 'pay.unanswered' : 'unanswered');
    } else {
      const min = error instanceof ApiError ? error.details?.['minimum_amount'] : undefined;
      if (typeof min === 'string' || typeof min === 'number') this.minAmount = String(min);
      // The server's reason, next to the field (top-up) or in the dialog.
      if (action === 'top-up') this.problem = message;
      else this.notice = message;
    }
    result(this.deps.host, { action, target, status: 'failed', code, message });
    this.deps.report(section, error);
  }

  private renderTopUp(): TemplateResult {
    const wallet = this.request.wallet!;
    const check = checkCredits(this.typed, wallet.conversionRate, { minAmount: null, maxAmount: null });
    const amount = check.ok ? this.money(check.amount, wallet.currency) : null;
    const locked = this.phase === 'sending' || this.phase === 'pending' || this.phase === 'done';
    return html`<label for="credits">${a('topUp.field')}</label>
      <input
        id="credits"
        name="credits"
        inputmode="decimal"
        autocomplete="off"
        .value=${this.typed}
        ?readonly=${locked}
        aria-invalid=${this.problem ? 'true' : 'false'}
        aria-describedby="credits-problem consequence"
        @input=${this.handleInput}
      />
      <p id="credits-problem" class="field-error" role="alert">${this.problem ?? nothing}</p>
      <p id="consequence">
        ${amount
          ? html`${a('topUp.equivalent', { credits: formatNumber(check.ok ? check.credits : '0', this.locale), amount })}. ${a(this.noCheckoutPage ? 'topUp.consequenceInvoiced' : 'topUp.consequence', { amount })}`
          : nothing}
      </p>`;
  }

  override render(): TemplateResult {
    if (this.request.action === 'billing-details') {
      // The form is its own element (fields, checks, the write); the dialog is its modal frame.
      defineOnce('cp-billing-details-form', BillingDetailsForm);
      return html`<dialog part="action-dialog" aria-label=${a('billing.title')} @close=${this.handleClose}>
        <cp-billing-details-form .request=${this.request} .deps=${this.deps} .closeDialog=${() => this.dialog?.close()}></cp-billing-details-form>
      </dialog>`;
    }
    const { action, invoice } = this.request;
    const topUp = action === 'top-up';
    const simple = this.simple;
    const due = invoice ? this.money(invoice.amountRemaining, invoice.currency) : '';
    const label = simple?.confirm ?? (topUp ? a(this.noCheckoutPage ? 'topUp.confirmInvoiced' : 'topUp.confirm') : a('pay.confirm', { amount: due }));
    const title = simple?.title ?? (topUp ? a('topUp.title') : a('pay.title', { number: invoice?.number ?? '—' }));
    const busy = this.phase === 'sending' || this.phase === 'pending' || this.phase === 'done';
    return html`<dialog part="action-dialog" aria-labelledby="action-title" @close=${this.handleClose}>
      <form method="dialog" @submit=${this.handleSubmit}>
        <h2 id="action-title">${title}</h2>
        <div class="body" aria-busy=${this.phase === 'sending' ? 'true' : 'false'}>
          ${simple ? html`<p id="consequence">${simple.consequence}</p>` : topUp ? this.renderTopUp() : html`<p id="consequence">${a(this.noCheckoutPage ? 'pay.consequenceSavedCard' : 'pay.consequence', { amount: due })}</p>`}
          <p role="status">${this.notice ?? nothing}</p>
          ${this.checkoutUrl ? html`<a href=${this.checkoutUrl} target="_blank" rel="noopener noreferrer">${a(action === 'invoice-documents' ? 'document.link' : 'checkout.link')}</a>` : nothing}
          ${this.finishInPortal && this.portalUrl ? html`<a href=${this.portalUrl} target="_blank" rel="noopener noreferrer">${a('pay.portalLink')}</a>` : nothing}
        </div>
        <div class="foot">
          <button class="btn" type="button" @click=${() => this.dialog?.close()}>${busy ? a('close') : a('cancel')}</button>
          ${this.phase === 'done' ? nothing : html`<button class="btn primary" type="submit" ?disabled=${busy}>${this.phase === 'failed' ? a('retry') : label}</button>`}
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-action-dialog': ActionDialog;
  }
}
