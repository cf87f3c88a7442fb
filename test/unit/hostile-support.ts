/**
 * Helpers of the hostile-input, race, isolation and fuzz tests: walk every
 * shadow tree under an element, read what the user sees, wait for the portal
 * to settle, and list the payloads that must only ever be text.
 */
import { waitUntil } from '../helpers/wait.js';
import type { CustomerPortal } from '../../src/customer-portal/customer-portal.js';
import { SECTIONS } from '../../src/sections/registry.js';

/** Every element under `root`, through open shadow roots (the root's own shadow included). */
export function deepElements(root: Element | ShadowRoot): Element[] {
  const out: Element[] = [];
  const walk = (node: Element | ShadowRoot | DocumentFragment) => {
    for (const el of node.querySelectorAll('*')) {
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  if (root instanceof Element && root.shadowRoot) walk(root.shadowRoot);
  walk(root);
  return out;
}

/** The text of `el` as composed on screen (shadow trees expanded; slots are not used by the portal), without the elements matching `skip`. */
export function deepText(el: Element | ShadowRoot, skip?: string): string {
  let text = '';
  const visit = (node: Node) => {
    if (skip && node instanceof Element && node.matches(skip)) return;
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent ?? '';
    if (node instanceof Element && node.shadowRoot) visit(node.shadowRoot);
    for (const child of node.childNodes) visit(child);
  };
  visit(el);
  return text;
}

/** The first element matching `selector` anywhere under `root`, through shadow roots. */
export function deepQuery<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T | null {
  return (deepElements(root).find((e) => e.matches(selector)) as T | undefined) ?? null;
}

/** Text of the visible panel (the active tab's content only). */
export function panelText(el: CustomerPortal): string {
  const panel = el.shadowRoot!.querySelector('[role="tabpanel"]:not([hidden])');
  return panel ? deepText(panel) : '';
}

/** Waits until no section under `el` is loading (no loading state and no aria-busy). */
export async function settled(el: Element, message = 'the portal never settled', timeout = 8000): Promise<void> {
  // Let a click or property change reach the screen first (a task started by it renders its loading state).
  for (let i = 0; i < 2; i++) await new Promise<void>((r) => requestAnimationFrame(() => r()));
  await waitUntil(
    () => {
      const all = deepElements(el);
      const panel = all.find((e) => e.matches('[role="tabpanel"]:not([hidden])'));
      if (!panel) return false;
      // Every element rendered (a tab's first render is a task after it connects), nothing loading.
      const unrendered = all.some((e) => (e as Element & { hasUpdated?: boolean }).hasUpdated === false);
      return !unrendered && !all.some((e) => e.matches('.state.loading, [aria-busy="true"], .tabs-pending'));
    },
    message,
    { timeout, interval: 20 },
  );
}

/** Opens a tab like a user (click on the tab button) and waits for it to settle. */
export async function openTab(el: CustomerPortal, name: string): Promise<void> {
  await waitUntil(() => el.shadowRoot!.querySelector('[role="tab"]'), 'no tabs', { timeout: 8000 });
  const tab = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((b) => b.textContent!.trim() === name);
  if (!tab) throw new Error(`no tab ${name}`);
  tab.click();
  await el.updateComplete;
  await settled(el, `the ${name} tab never settled`);
}

/** Element names the portal may render; anything else in its shadow trees was injected. */
export const ALLOWED_TAGS = new Set([
  'customer-portal', 'cp-section-panel', ...Object.values(SECTIONS).map((entry) => entry.tag), 'cp-invoice-detail', 'cp-usage-chart', 'cp-pager',
  'div', 'span', 'p', 'h1', 'h2', 'h3', 'h4', 'header', 'section', 'article', 'footer', 'nav', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody',
  'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col', 'button', 'select', 'option', 'input', 'label', 'form', 'fieldset', 'legend', 'dialog', 'figure',
  'figcaption', 'canvas', 'progress', 'meter', 'strong', 'em', 'b', 'small', 'time', 'abbr', 'details', 'summary', 'output', 'slot', 'bdi', 'data', 'br', 'hr', 'a',
  'svg', 'path', 'g', 'circle', 'rect', 'line', 'polyline', 'polygon', 'title', 'desc', 'use', 'caption',
]);

/** What script injection would have done: set by any payload that runs. */
export interface Pwned {
  calls: string[];
}

declare global {
  interface Window {
    __pwned?: (tag: string) => void;
  }
}

/** Installs `window.__pwned` (the payloads call it) and returns what it records. */
export function trapInjection(): Pwned & { restore(): void } {
  const calls: string[] = [];
  window.__pwned = (tag: string) => calls.push(tag);
  return {
    calls,
    restore() {
      delete window.__pwned;
    },
  };
}

/** Hostile payloads, each carrying a unique marker so the test can find it on screen. */
export function hostile(marker: string): string[] {
  return [
    `<img src=x onerror="window.__pwned('${marker}-img')">${marker}`,
    `<svg onload="window.__pwned('${marker}-svg')"><script>window.__pwned('${marker}-svgscript')</script></svg>${marker}`,
    `<script>window.__pwned('${marker}-script')</script>${marker}`,
    `javascript:window.__pwned('${marker}-url')//${marker}`,
    `"><iframe src="javascript:window.__pwned('${marker}-iframe')"></iframe>${marker}`,
    `\${window.__pwned('${marker}-tpl')} {{constructor.constructor('window.__pwned(1)')()}} {amount} {count} ${marker}`,
    `<a href="javascript:window.__pwned('${marker}-a')">${marker}</a><style>*{display:none!important}</style>`,
    `\u202Eevil\u202C مرحبا بالعالم 👩‍👩‍👧‍👦🔥 ${marker}`,
    `${marker}${'W'.repeat(4000)}`,
  ];
}

/** Scans everything under `el`: injected elements, event-handler attributes, javascript: URLs. */
export function injectionFindings(el: Element): string[] {
  const findings: string[] = [];
  for (const node of deepElements(el)) {
    const tag = node.localName;
    if (!ALLOWED_TAGS.has(tag)) findings.push(`unexpected <${tag}>`);
    for (const attr of node.getAttributeNames()) {
      const value = node.getAttribute(attr) ?? '';
      if (attr.startsWith('on')) findings.push(`<${tag} ${attr}>`);
      if (/^\s*javascript:/i.test(value) && ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr)) findings.push(`<${tag} ${attr}=${value.slice(0, 40)}>`);
    }
    if (tag === 'a' && /^\s*(javascript|data|vbscript):/i.test((node as HTMLAnchorElement).href)) findings.push('javascript link');
  }
  return findings;
}

/** Every element matching `selector` anywhere under `root`, through shadow roots, in document order. */
export function deepQueryAll<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T[] {
  return deepElements(root).filter((e) => e.matches(selector)) as T[];
}
