/**
 * The link-out card of a `hosted` session: the whole UI then. The card and its
 * session view (controllers/link-out.ts) are imported the first time one
 * renders, so a page without a `hosted` session never downloads them.
 */
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { defineOnce } from '../ui/portal-element.js';
import { renderError, renderLoading } from '../ui/states.js';
import { loadOnce } from '../api/load-once.js';
import type { Translate } from '../i18n/index.js';
import type { SessionController } from '../controllers/session-controller.js';

const hostedCard: { module: typeof import('../controllers/link-out.js') | null; error: unknown } = { module: null, error: null };
/** The link-out card and its session view, imported once page-wide (a failed import is forgotten). */
const loadHostedCard = loadOnce(async () => {
  const [{ HostedCard }, module] = await Promise.all([import('../ui/hosted-card/hosted-card.js'), import('../controllers/link-out.js')]);
  defineOnce('cp-hosted-card', HostedCard);
  hostedCard.module = module;
});

/** The card (loading until its module is there; a failed load shows with a retry). `portalUrl`: the host's. */
export function renderLinkOut(host: ReactiveControllerHost, session: SessionController, t: Translate, portalUrl: string | null): TemplateResult {
  const linkOut = hostedCard.module;
  if (linkOut) {
    const view = linkOut.linkOutView(session);
    return html`<cp-hosted-card
      part="hosted"
      exportparts="card, open-button, expiry, error"
      .portalUrl=${view.url ?? portalUrl}
      .expiresAt=${view.expiresAt}
      .expired=${session.view === 'expired'}
      .expiryWarning=${session.warningSeconds}
      .requestSession=${view.request}
    ></cp-hosted-card>`;
  }
  if (hostedCard.error === null) {
    loadHostedCard().then(
      () => host.requestUpdate(),
      (error: unknown) => {
        hostedCard.error = error;
        host.requestUpdate();
      },
    );
    return renderLoading(t, t('shell.loading'));
  }
  return renderError(hostedCard.error, t, () => {
    hostedCard.error = null;
    host.requestUpdate();
  });
}
