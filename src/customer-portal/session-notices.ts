/**
 * What the root shows of its session instead of (or above) the tabs: expired,
 * malformed, unknown backend, backend failed to load, reading, renewing, no token.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { renderError, renderLoading } from '../ui/states.js';
import type { Translate } from '../i18n/index.js';
import type { SessionController } from '../controllers/session-controller.js';

/** A notice's lines: its title, and its body where it has one. The notice element stays at each call site (its literal `part` names are what the manifest check reads). */
function lines(title: string, body?: string): TemplateResult {
  return html`<p class="title">${title}</p>${body === undefined ? nothing : html`<p>${body}</p>`}`;
}

/** The notice for the session's state (`shellShown`: the tabs are up, so reading a new token shows nothing). */
export function renderSessionState(session: SessionController, t: Translate, shellShown: boolean): TemplateResult | typeof nothing {
  switch (session.view) {
    case 'expired':
      return html`<div class="notice" part="expired" role="alert">${lines(t('shell.session.expired.title'), t('shell.session.expired.body'))}</div>`;
    case 'malformed':
      return html`<div class="notice session-state error" part="error" role="alert">${lines(t('shell.session.malformed.title'), t('shell.session.malformed.body'))}</div>`;
    case 'unknown-backend':
      return html`<div class="notice session-state error" part="error" role="alert">${lines(t('shell.backend.unknown.title'), t('shell.backend.unknown.body'))}</div>`;
    case 'backend-error':
      return renderError(session.backendError, t, () => session.retryBackend());
    case 'reading':
      return shellShown ? nothing : renderLoading(t, t('shell.loading'));
    case 'refreshing':
      return html`<div class="notice session-state" part="refreshing" role="status">${lines(t('shell.session.refreshing'))}</div>`;
    case 'none':
      return html`<div class="notice session-state" part="missing" role="status">${lines(t('shell.session.missing.title'), t('shell.session.missing.body'))}</div>`;
    default:
      return nothing;
  }
}
