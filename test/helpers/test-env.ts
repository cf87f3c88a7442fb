/**
 * Test-only: renders a tab under a @lit/context provider of PortalEnv, with a
 * FlexpriceBackend over whatever `window.fetch` is (the reference-server stub
 * in tests), so a tab can be tested without the root element.
 */
import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { FlexpriceClient } from '../../src/backends/flexprice/client.js';
import { FlexpriceBackend } from '../../src/backends/flexprice/backend.js';
import { defaultPortalConfig } from '../../src/api/defaults.js';
import type { PortalBackend } from '../../src/api/backend.js';
import { portalContext, type PortalEnv } from '../../src/context.js';
import { createTranslate } from '../../src/i18n/index.js';
import { defineOnce } from '../../src/ui/portal-element.js';

export class TestPortalEnv extends LitElement {
  @property({ attribute: false }) env: PortalEnv | undefined;

  private readonly provider = new ContextProvider(this, { context: portalContext });

  protected override willUpdate(): void {
    if (this.env) this.provider.setValue(this.env);
  }

  override render() {
    return html`<slot></slot>`;
  }
}
defineOnce('test-portal-env', TestPortalEnv);
declare global {
  interface HTMLElementTagNameMap { 'test-portal-env': TestPortalEnv }
}

export function flexpriceBackend(apiBase: string, token: string | null): PortalBackend {
  return new FlexpriceBackend(new FlexpriceClient({ baseUrl: apiBase, getToken: () => token, retry: false }));
}

/**
 * `backend` without a current-period summary in its capabilities, so no
 * forecast or runway loads (they need the period): for tests about a tab's
 * own usage requests, which the forecast's would otherwise interleave with.
 * (The limits section, cp-usage-limits-section, still asks `usageSummary`.)
 */
export function withoutForecast(backend: PortalBackend): PortalBackend {
  return Object.assign(Object.create(backend) as PortalBackend, { capabilities: { ...backend.capabilities, usageSummary: false } });
}

export function testEnv(backend: PortalBackend | null, over: Partial<PortalEnv> = {}): PortalEnv {
  return {
    backend,
    locale: 'en-US',
    timeZone: 'UTC',
    timeZoneSettled: true,
    customer: null,
    config: defaultPortalConfig(),
    t: createTranslate(),
    now: () => new Date(),
    ...over,
  };
}
