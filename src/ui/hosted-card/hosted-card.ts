import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { portalContext, type PortalEnv } from '../../context.js';
import { isSafeExternalUrl } from '../../api/urls.js';
import { hosted } from '../../i18n/en/hosted.js';
import { createTranslate, registerEnglish, type Translate } from '../../i18n/index.js';
import { componentStyles, hostStyles } from '../../styles/shared.styles.js';
import { stateStyles } from '../states.js';
import { PortalElement } from '../portal-element.js';

registerEnglish(hosted);

/** Timer functions; replaceable so tests run on a fake clock. */
export interface HostedCardTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `value` as the href to open when it is an absolute URL the element may open (`isSafeExternalUrl`), else null. Never throws. */
export function safePortalUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!/^https?:\/\/[^/]/i.test(text) || text.length > 8192) return null;
  try {
    const url = new URL(text);
    return isSafeExternalUrl(url) ? url.href : null;
  } catch {
    return null;
  }
}

/** "in 12 hours" / "in 5 minutes" / "in 30 seconds" for the locale. */
export function relativeTime(ms: number, locale: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (ms >= 2 * DAY) return rtf.format(Math.floor(ms / DAY), 'day');
  if (ms >= 2 * HOUR) return rtf.format(Math.floor(ms / HOUR), 'hour');
  if (ms >= 2 * MINUTE) return rtf.format(Math.floor(ms / MINUTE), 'minute');
  return rtf.format(Math.max(0, Math.floor(ms / SECOND)), 'second');
}

/** When the text above next changes (just past the next unit boundary), or the warning or the end comes. */
function nextTick(left: number, warningMs: number): number {
  const unit = left > 2 * DAY ? DAY : left > 2 * HOUR ? HOUR : left > 2 * MINUTE ? MINUTE : SECOND;
  const marks = [left, left - warningMs].filter((m) => m > 0);
  return Math.max(1, Math.min((left % unit) + 1, ...marks));
}

/**
 * The whole UI of `backend="hosted"` (Pabbly, and any vendor without a
 * customer-token read API): one card that opens the vendor's hosted portal.
 *
 * The portal link carries the customer's session: it lives only in a
 * property (never an attribute), never enters the DOM (a `<button>`, no
 * `<a href>`), never a log, and opens with `window.open(url, '_blank',
 * 'noopener,noreferrer')`. Only `https:` (or `http:` on loopback) links are
 * opened; anything else is an error state. The remaining session time is
 * shown and kept current. Once the session has ended the card never opens the
 * dead link: with `requestSession` (the element's `tokenProvider`) it offers
 * "Request a new session", which asks for one on demand (vendors such as
 * Pabbly cap mints per day, so nothing is minted before the customer asks);
 * without it the card says the session ended and waits for the host's new
 * one. `token-expired` is the root's, once per session: the card fires none.
 *
 * @summary Link-out card to a vendor's hosted billing portal.
 * @tag cp-hosted-card
 * @csspart card - The card.
 * @csspart open-button - The "Open billing portal" / "Request a new session" button.
 * @csspart expiry - The line with the session's remaining time.
 * @csspart error - The error state (an unusable link), or the message that a new session could not be started.
 */
export class HostedCard extends PortalElement {
  static override styles = [
    hostStyles,
    componentStyles,
    stateStyles,
    css`
      :host {
        display: block;
      }
      .card {
        display: grid;
        gap: calc(var(--_space) * 0.75);
        justify-items: start;
      }
      .card p {
        margin: 0;
      }
      h2 {
        font-size: 1.1em;
      }
      .expired h2 {
        color: var(--_warning);
      }
      .request-error {
        color: var(--_danger);
      }
    `,
  ];

  /** Timers of every card (tests replace them with a fake clock's). */
  static timers: HostedCardTimers = {
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  };

  private timer: unknown = null;
  /** Inside `<customer-portal>`: its strings, locale and clock (the properties below are for standalone use). */
  @consume({ context: portalContext, subscribe: true })
  @state()
  private env?: PortalEnv;
  /** Set once the session ended, for the live announcement. */
  @state() private announcement = '';
  /** A new session has been asked for and has not come yet. */
  @state() private requesting = false;
  /** The last request for a new session failed. */
  @state() private requestFailed = false;

  /** The vendor's portal link (`access_url`, `portal_url`, …). Never reflected or rendered. */
  @property({ attribute: false }) portalUrl: string | null = null;

  /** When the session ends; null when unknown. */
  @property({ attribute: false }) expiresAt: Date | null = null;

  /** True once the root declared the session over (it may retire it a few seconds early). */
  @property({ type: Boolean, attribute: false }) expired = false;

  /**
   * Asks for a new session once this one ended (the root's `tokenProvider`, called on demand); resolves
   * when it is in place, rejects when none could be had. Null: the card waits for the host's new session.
   */
  @property({ attribute: false }) requestSession: (() => Promise<void>) | null = null;

  /** Lead time of the "ends soon" announcement, in seconds. */
  @property({ type: Number, attribute: false }) expiryWarning = 60;

  /** BCP 47 locale of dates and relative times. */
  @property() locale = 'en';

  /** UI strings. */
  @property({ attribute: false }) t: Translate = createTranslate();

  /** The clock. */
  @property({ attribute: false }) now: () => Date = () => new Date();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimer();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    // The live region speaks twice per session at most: when it is about to end, and when it has.
    if (changed.has('expiresAt') || changed.has('portalUrl')) this.announcement = '';
    // A new session (or none to ask for) clears the message of a failed request.
    if (changed.has('portalUrl') || changed.has('requestSession') || (changed.has('expired') && !this.expired)) this.requestFailed = false;
    const left = this.remainingMs;
    if (left === null) return;
    if (this.isOver) this.announcement = this.tr('hosted.expired.title');
    else if (left <= this.expiryWarning * SECOND && this.announcement === '') {
      this.announcement = this.tr('hosted.expiring', { relative: relativeTime(left, this.uiLocale) });
    }
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('expiresAt') || changed.has('expired') || changed.has('portalUrl') || changed.has('expiryWarning')) this.schedule();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.requestUpdate('expiresAt');
  }

  private get remainingMs(): number | null {
    return this.expiresAt ? this.expiresAt.getTime() - this.clock().getTime() : null;
  }

  private get clock(): () => Date {
    return this.env?.now ?? this.now;
  }

  private get tr(): Translate {
    return this.env?.t ?? this.t;
  }

  private get uiLocale(): string {
    return this.env?.locale ?? this.locale;
  }

  private get isOver(): boolean {
    const left = this.remainingMs;
    return this.expired || (left !== null && left <= 0);
  }

  private stopTimer(): void {
    if (this.timer !== null) HostedCard.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Keeps the remaining time current until the session ends. */
  private schedule(): void {
    this.stopTimer();
    const left = this.remainingMs;
    if (left === null || !this.isConnected || this.isOver) return;
    this.timer = HostedCard.timers.setTimeout(() => {
      this.timer = null;
      this.requestUpdate();
      void this.updateComplete.then(() => this.schedule());
    }, nextTick(left, this.expiryWarning * SECOND));
  }

  private handleOpen(): void {
    if (this.isOver) {
      void this.handleRequest();
      return;
    }
    const url = safePortalUrl(this.portalUrl);
    if (url) window.open(url, '_blank', 'noopener,noreferrer');
  }

  /** One request for a new session at a time; its failure is a message in the card, the button stays for another try. */
  private async handleRequest(): Promise<void> {
    const request = this.requestSession;
    if (!request || this.requesting) return;
    this.requesting = true;
    this.requestFailed = false;
    try {
      await request();
    } catch {
      this.requestFailed = true;
    } finally {
      this.requesting = false;
    }
  }

  override render(): TemplateResult {
    const t = this.tr;
    const url = safePortalUrl(this.portalUrl);
    if (!url) {
      return html`<div class="state error" part="error" role="alert">
        <p class="title">${t('hosted.invalid.title')}</p>
        <p>${t('hosted.invalid.body')}</p>
      </div>`;
    }
    const over = this.isOver;
    const left = this.remainingMs;
    const expiry =
      this.expiresAt && left !== null && !over
        ? html`<p part="expiry" class="muted">
            ${t('hosted.endsIn', {
              relative: relativeTime(left, this.uiLocale),
              time: new Intl.DateTimeFormat(this.uiLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(this.expiresAt),
            })}
          </p>`
        : over
          ? nothing
          : html`<p part="expiry" class="muted">${t('hosted.noExpiry')}</p>`;
    // After the end: a way to a new session only where there is one to ask for, never a dead button.
    const canRequest = over && this.requestSession !== null;
    const button =
      !over || canRequest
        ? html`<button
            type="button"
            class="btn primary"
            part="open-button"
            aria-disabled=${this.requesting ? 'true' : 'false'}
            @click=${this.handleOpen}
          >
            ${!over ? t('hosted.open') : this.requesting ? t('hosted.renewing') : t('hosted.renew')}
          </button>`
        : nothing;
    return html`<section class="card ${over ? 'expired' : ''}" part="card" aria-labelledby="title" aria-busy=${this.requesting ? 'true' : 'false'}>
      <h2 id="title">${over ? t('hosted.expired.title') : t('hosted.title')}</h2>
      <p>${!over ? t('hosted.body') : canRequest ? t('hosted.expired.body') : t('hosted.expired.wait')}</p>
      ${expiry} ${button}
      ${canRequest && this.requestFailed ? html`<p class="request-error" part="error" role="alert">${t('hosted.renewFailed')}</p>` : nothing}
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cp-hosted-card': HostedCard;
  }
}
