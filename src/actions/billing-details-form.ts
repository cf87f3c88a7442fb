import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BillingDetails, BillingDetailsChanges, BillingField } from '../api/actions.js';
import { ApiError } from '../api/errors.js';
import type { ActionRequest } from '../context.js';
import { componentStyles, hostStyles } from '../styles/shared.styles.js';
import { actionLabel } from '../ui/action-labels.js';
import { PortalElement } from '../ui/portal-element.js';
import { announce, failure, result, unanswered, type DialogDeps } from './action-runner.js';
import { actionDialogStyles } from './action-dialog.styles.js';
import { actionText as a } from './strings.js';

const MAX = 200;
const AUTOCOMPLETE = {
  name: 'name',
  email: 'email',
  addressLine1: 'address-line1',
  addressLine2: 'address-line2',
  city: 'address-level2',
  postalCode: 'postal-code',
  state: 'address-level1',
  country: 'country',
  taxId: 'off',
} as const satisfies Record<BillingField, string>;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The value to store, or the reason it is refused (`required`: it was set before, so it may not be emptied). */
export function checkBillingField(field: BillingField, typed: string, required: boolean): { value: string } | { problem: string } {
  const value = field === 'country' ? typed.trim().toUpperCase() : typed.trim();
  if (!value) return required ? { problem: a('billing.required') } : { value };
  if (value.length > MAX) return { problem: a('billing.tooLong', { max: MAX }) };
  if (CONTROL.test(value)) return { problem: a('billing.control') };
  if (/[<>]/.test(value)) return { problem: a('billing.markup') };
  if (field === 'country' && !/^[A-Z]{2}$/.test(value)) return { problem: a('billing.country') };
  // Only the shape here: the server's own rule decides (its refusal is shown by the field).
  if (field === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value)) return { problem: a('billing.email') };
  return { value };
}

/**
 * @summary The billing-details form the action dialog hosts: the editable fields, checked before sending; only the changed keys are written.
 * @tag cp-billing-details-form
 *
 * Nothing is sent while a field is refused; the server's per-field reasons are shown by their fields
 * and what was typed is kept. A write that got no answer is never re-sent: the details are read
 * again and the form says whether the change was stored.
 */
export class BillingDetailsForm extends PortalElement {
  static override styles = [hostStyles, componentStyles, actionDialogStyles];

  @property({ attribute: false }) request!: ActionRequest;
  @property({ attribute: false }) deps!: DialogDeps;
  /** Closes the hosting dialog. */
  @property({ attribute: false }) closeDialog: () => void = () => undefined;

  @state() private typed: Partial<Record<BillingField, string>> = {};
  @state() private problems: Partial<Record<BillingField, string>> = {};
  @state() private notice: string | null = null;
  @state() private phase: 'input' | 'sending' | 'done' = 'input';
  /** The stored details the changes are measured against (re-read after an unanswered write). */
  private base: BillingDetails | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!this.base && this.request.billing) {
      this.base = this.request.billing;
      this.typed = Object.fromEntries(this.base.editable.map((f) => [f, this.base!.values[f] ?? '']));
    }
  }

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    this.renderRoot.querySelector('input')?.focus();
  }

  /** The changed fields, or null (problems set) when a field is refused. */
  private changes(): BillingDetailsChanges | null {
    const base = this.base!;
    const changes: BillingDetailsChanges = {};
    const problems: Partial<Record<BillingField, string>> = {};
    for (const field of base.editable) {
      const before = base.values[field] ?? '';
      const check = checkBillingField(field, this.typed[field] ?? '', (field === 'name' || field === 'email' || field === 'country') && before !== '');
      if ('problem' in check) problems[field] = check.problem;
      else if (check.value !== before) changes[field] = check.value || null;
    }
    this.problems = problems;
    return Object.keys(problems).length ? null : changes;
  }

  private readonly handleSubmit = (event: Event): void => {
    event.preventDefault();
    void this.submit();
  };

  private async submit(): Promise<void> {
    if (this.phase !== 'input' || !this.base) return;
    const changes = this.changes();
    if (!changes) {
      this.notice = a('billing.fix');
      return;
    }
    if (!Object.keys(changes).length) {
      this.notice = a('billing.nothing');
      return;
    }
    const { action, target } = this.request;
    const input = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v ?? '']));
    if (!announce(this.deps.host, action, target, input)) return this.closeDialog();
    const write = this.deps.writes.updateBillingDetails;
    if (!write) return;
    this.phase = 'sending';
    this.notice = a('billing.saving');
    try {
      const stored = await write.call(this.deps.writes, changes, new AbortController().signal);
      this.base = stored;
      this.request.answeredDetails?.(stored);
      this.phase = 'done';
      this.notice = a('billing.done');
      result(this.deps.host, { action, target, status: 'completed' });
    } catch (error) {
      await this.failed(error, changes);
    }
  }

  private async failed(error: unknown, changes: BillingDetailsChanges): Promise<void> {
    const { action, target, section } = this.request;
    const { code, message } = failure(error);
    this.phase = 'input';
    if (unanswered(error)) {
      // Never re-sent: read what the server has and say whether the change is there.
      this.notice = a('billing.unansweredUnknown');
      try {
        const now = await this.deps.writes.billingDetails!(new AbortController().signal);
        this.base = now;
        this.request.answeredDetails?.(now);
        const saved = Object.entries(changes).every(([k, v]) => (now.values[k as BillingField] ?? '') === (v ?? ''));
        this.notice = a(saved ? 'billing.unansweredSaved' : 'billing.unansweredNot');
        if (saved) this.phase = 'done';
      } catch {
        this.request.refresh();
      }
    } else {
      const fields = (error instanceof ApiError && error.fields) || {};
      const editable = this.base?.editable ?? [];
      const pinned = Object.fromEntries(Object.entries(fields).filter(([k]) => editable.includes(k as BillingField)));
      this.problems = pinned;
      this.notice = Object.keys(pinned).length ? a('billing.fix') : message;
    }
    result(this.deps.host, { action, target, status: 'failed', code, message });
    this.deps.report(section, error);
  }

  private renderField(field: BillingField): TemplateResult {
    const problem = this.problems[field];
    return html`<label for=${field}>${actionLabel(`billing.${field}`)}</label>
      <input
        id=${field}
        name=${field}
        type=${field === 'email' ? 'email' : 'text'}
        autocomplete=${AUTOCOMPLETE[field]}
        .value=${this.typed[field] ?? ''}
        ?readonly=${this.phase !== 'input'}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${`${field}-problem`}
        @input=${(e: Event) => {
          this.typed = { ...this.typed, [field]: (e.target as HTMLInputElement).value };
          this.problems = { ...this.problems, [field]: undefined };
        }}
      />
      <p id=${`${field}-problem`} class="field-error">${problem ?? nothing}</p>`;
  }

  override render(): TemplateResult {
    const fields = this.base?.editable ?? [];
    const done = this.phase === 'done';
    return html`<form novalidate @submit=${this.handleSubmit}>
      <h2 id="action-title">${a('billing.title')}</h2>
      <div class="body" aria-busy=${this.phase === 'sending' ? 'true' : 'false'}>
        ${fields.map((f) => this.renderField(f))}
        <p role="status">${this.notice ?? nothing}</p>
      </div>
      <div class="foot">
        <button class="btn" type="button" @click=${() => this.closeDialog()}>${done ? a('close') : a('cancel')}</button>
        ${done ? nothing : html`<button class="btn primary" type="submit" ?disabled=${this.phase === 'sending'}>${a('billing.save')}</button>`}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-billing-details-form': BillingDetailsForm;
  }
}
