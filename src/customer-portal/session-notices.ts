/**
 * What the root shows of its session instead of (or above) the tabs: expired,
 * malformed, unknown backend, backend failed to load, reading, renewing, no token.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { renderError, renderLoading, renderTitled } from '../ui/states.js';
import type { Translate } from '../i18n/index.js';
import type { SessionController } from '../controllers/session-controller.js';

/**
 * The notice for the session's state (`shellShown`: the tabs are up, so reading a new token shows nothing).
 * Each notice element stays literal here: the manifest check reads its `part` names from this file.
 */
export function renderSessionState(session: SessionController, t: Translate, shellShown: boolean): TemplateResult | typeof nothing {
  switch (session.view) {
    case 'expired':
      return html`<div class="notice" part="expired" role="alert">${renderTitled(t('shell.session.expired.title'), t('shell.session.expired.body'))}</div>`;
    case 'malformed':
      return html`<div class="notice session-state error" part="error" role="alert">${renderTitled(t('shell.session.malformed.title'), t('shell.session.malformed.body'))}</div>`;
    case 'unknown-backend':
      return html`<div class="notice session-state error" part="error" role="alert">${renderTitled(t('shell.backend.unknown.title'), t('shell.backend.unknown.body'))}</div>`;
    case 'backend-error':
      return renderError(session.backendError, t, () => session.retryBackend());
    case 'reading':
      return shellShown ? nothing : renderLoading(t, t('shell.loading'));
    case 'refreshing':
      return html`<div class="notice session-state" part="refreshing" role="status">${renderTitled(t('shell.session.refreshing'))}</div>`;
    case 'none':
      return html`<div class="notice session-state" part="missing" role="status">${renderTitled(t('shell.session.missing.title'), t('shell.session.missing.body'))}</div>`;
    default:
      return nothing;
  }
}
