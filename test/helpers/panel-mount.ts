/**
 * Test-only: a tab's panel, its layout's sections each imported as on the
 * page, under `<test-portal-env>` (the env a root would provide).
 */
import { fixture, html } from '@open-wc/testing';
import type { PortalEnv } from '../../src/context.js';
import type { PortalTab } from '../../src/events.js';
import { LAYOUT } from '../../src/sections/registry.js';
import { SectionPanel } from '../../src/sections/section-panel.js';
import { defineOnce } from '../../src/ui/portal-element.js';
import type { TestPortalEnv } from './test-env.js';
import './test-env.js'; // registers <test-portal-env>

defineOnce('cp-section-panel', SectionPanel);

/** Mounts `tab`'s panel over `env`, once it has rendered. */
export async function mountPanel(env: PortalEnv, tab: PortalTab): Promise<{ wrapper: TestPortalEnv; tab: SectionPanel }> {
  const wrapper = await fixture<TestPortalEnv>(html`<test-portal-env .env=${env}><cp-section-panel .slots=${LAYOUT[tab]} .tab=${tab}></cp-section-panel></test-portal-env>`);
  const panel = wrapper.querySelector<SectionPanel>('cp-section-panel')!;
  await panel.updateComplete;
  return { wrapper, tab: panel };
}
