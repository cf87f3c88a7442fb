/**
 * Base of every section: the portal's env from the root (backend, locale,
 * zone, customer, config, strings, clock) and the panel's readiness. A section
 * adds one `SectionController` for its tasks and renders its one card.
 */
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { PortalBackend } from '../api/backend.js';
import { portalContext, type PortalEnv } from '../context.js';
import { createTranslate, type Translate } from '../i18n/index.js';
import { PortalElement } from '../ui/portal-element.js';

const fallbackT = createTranslate();

export class SectionElement extends PortalElement {
  @consume({ context: portalContext, subscribe: true })
  @state()
  protected env?: PortalEnv;

  /**
   * Set by the panel once its first data is on screen: work that must not delay it (the forecast,
   * a runway) waits for this.
   */
  @property({ attribute: false }) panelReady = false;

  protected get backend(): PortalBackend | null {
    return this.env?.backend ?? null;
  }

  get t(): Translate {
    return this.env?.t ?? fallbackT;
  }
}
