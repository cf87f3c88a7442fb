/**
 * What the root shows of its session instead of (or above) the tabs: expired,
 * malformed, unknown backend, backend failed to load, reading, renewing, no token.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { renderError, renderLoading } from '../ui/states.js';
import type { Translate } from '../i18n/index.js';
import type { SessionController } from '../controllers/session-controller.js';

/** The notice for the session's state (`shellShown`: the tabs are up, so reading a new token shows nothing). */
export function renderSessionState(session: SessionController, t: Translate, shellShown: boolean): TemplateResult | typeof nothing {
  switch (session.view) {
    case 'expired':
      return html`<div class="notice" part="expired" role="alert">
        <p class="title">${t('shell.session.expired.title')}</p>
        <p>${t('shell.session.expired.body')}</p>
      </div>`;
    case 'malformed':
      return html`<div class="notice session-state error" part="error" role="alert">
        <p class="title">${t('shell.session.malformed.title')}</p>
        <p>${t('shell.session.malformed.body')}</p>
      </div>`;
    case 'unknown-backend':
      return html`<div class="notice session-state error" part="error" role="alert">
        <p class="title">${t('shell.backend.unknown.title')}</p>
        <p>${t('shell.backend.unknown.body')}</p>
      </div>`;
    case 'backend-error':
      return renderError(session.backendError, t, () => session.retryBackend());
    case 'reading':
      return shellShown ? nothing : renderLoading(t, t('shell.loading'));
    case 'refreshing':
      return html`<div class="notice session-state" part="refreshing" role="status">
        <p class="title">${t('shell.session.refreshing')}</p>
      </div>`;
    case 'none':
      return html`<div class="notice session-state" part="missing" role="status">
        <p class="title">${t('shell.session.missing.title')}</p>
        <p>${t('shell.session.missing.body')}</p>
      </div>`;
    default:
      return nothing;
  }
}
