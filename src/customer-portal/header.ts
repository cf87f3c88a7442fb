/** The root's header (the customer's name and email) and its "Manage billing" button. */
import { html, nothing, type TemplateResult } from 'lit';
import type { Customer } from '../api/model.js';
import { isSafeExternalUrl } from '../api/urls.js';
import type { Translate } from '../i18n/index.js';

/** The host's `portal-url`, when it is one the element may open (never rendered: it carries the token). */
function safePortalUrl(portalUrl: string | null): string | null {
  const url = portalUrl?.trim();
  return url && isSafeExternalUrl(url) ? url : null;
}

/** "Manage billing" opens the host's `portal-url` in a new tab (nothing without a usable one, or with an unknown backend). */
function renderManageBilling(t: Translate, portalUrl: string | null, unknownBackend: boolean): TemplateResult | typeof nothing {
  if (!safePortalUrl(portalUrl) || unknownBackend) return nothing;
  const open = (): void => {
    const url = safePortalUrl(portalUrl);
    if (url) window.open(url, '_blank', 'noopener,noreferrer');
  };
  return html`<button class="manage-billing" part="manage-billing" type="button" @click=${open}>
    ${t('shell.manageBilling')}<span class="visually-hidden"> (${t('shell.manageBilling.newTab')})</span>
  </button>`;
}

/** The header once the customer is known (`customer` null: only the button). */
export function renderHeader(t: Translate, customer: Customer | null, portalUrl: string | null, unknownBackend: boolean): TemplateResult {
  const name = customer?.name;
  return name
    ? html`<div class="header" part="header">
        <h2>${name}</h2>
        ${customer.email ? html`<span class="email">${customer.email}</span>` : nothing} ${renderManageBilling(t, portalUrl, unknownBackend)}
      </div>`
    : html`${renderManageBilling(t, portalUrl, unknownBackend)}`;
}
