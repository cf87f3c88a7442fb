import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { SectionErrorEvent, SectionReadyEvent, type PortalTab, type UsageFocus } from '../events.js';
import type { MessageKey } from '../i18n/index.js';
import { componentStyles, hostStyles } from '../styles/shared.styles.js';
import { renderError, renderLoading, stateStyles } from '../ui/states.js';
import { LAYOUT_PARTS, resolveSlot, SECTIONS, type SectionName, type Slot } from './registry.js';
import { SectionElement } from './section-element.js';
import { loadSection, sectionReady, type LoadWrap } from './section-modules.js';
import { ViewState, viewStateContext } from './view-state.js';

type Place = { name: SectionName; element: HTMLElement } | { note: MessageKey; title: MessageKey | undefined; part: string | undefined };

/**
 * @summary One panel of sections: a tab's layout, or the host's `sections` list. The only place sections load and the only readiness rule.
 * @tag cp-section-panel
 *
 * Shows each slot's section where the backend meets its needs (else its one-line
 * note), imports each section's module the first time it shows it (its loading
 * state stands in meanwhile, a failed import shows the error with a retry),
 * starts the first paint's requests with those imports (registry `prefetch`),
 * and is ready (`cp-section-ready`) once every section has settled and one has
 * data. Sections' failures and usage focus requests reach the root on their own (composed events).
 *
 * @fires cp-section-ready - Internal: the panel's first data is on screen.
 * @fires cp-section-error - Internal: a section failed to load.
 */
export class SectionPanel extends SectionElement {
  static override styles = [
    hostStyles,
    componentStyles,
    stateStyles,
    css`
      :host {
        display: block;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
        gap: var(--_space);
      }
      .grid > * {
        min-inline-size: 0;
      }
      .wide {
        grid-column: 1 / -1;
      }
      .unavailable {
        margin: 0;
        color: var(--_muted);
      }
    `,
  ];

  /** What the panel shows, in order. */
  @property({ attribute: false }) slots: readonly Slot[] = [];
  /** The tab this panel is (its ready and error events' section); null for a host's `sections` list. */
  @property({ attribute: false }) tab: PortalTab | null = null;
  /** Loads what a section's requests need besides its module (an adapter's tab code). */
  @property({ attribute: false }) prepare: (() => Promise<unknown>) | undefined = undefined;
  /** Test seam: wraps each section's import. */
  @property({ attribute: false }) wrapLoad: LoadWrap | undefined = undefined;
  /** Where an invoice's line item asked the usage sections to look (set on every section element). */
  @property({ attribute: false }) usageFocus: UsageFocus | null = null;

  /** View state its sections share (the picked wallet, …): lives as long as the panel, across tokens. */
  protected readonly viewState = new ContextProvider(this, { context: viewStateContext, initialValue: new ViewState() });

  @state() private loadErrors: ReadonlyMap<SectionName, unknown> = new Map();
  private readonly elements = new Map<SectionName, HTMLElement>();
  /** Sections whose first-paint requests this panel started. */
  private readonly prefetched = new Set<SectionName>();
  /** Sections that settled: with data (true) or failed (false). */
  private readonly settled = new Map<Element, boolean>();
  private readyFired = false;

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.addEventListener(SectionReadyEvent.eventName, this.handleReady as EventListener);
    return root;
  }

  /** The places of the current slots for the current backend. */
  private get places(): Place[] {
    const backend = this.backend;
    const places: Place[] = [];
    for (const slot of this.slots) {
      const resolved = backend ? resolveSlot(slot, backend) : { section: (typeof slot === 'string' ? slot : slot[0]!) };
      if (!resolved) continue;
      if ('note' in resolved) {
        const first = SECTIONS[typeof slot === 'string' ? slot : slot[0]!];
        places.push({ note: resolved.note, title: first.title, part: first.part });
        continue;
      }
      places.push({ name: resolved.section, element: this.elementOf(resolved.section) });
    }
    return places;
  }

  private elementOf(name: SectionName): HTMLElement {
    let element = this.elements.get(name);
    if (!element) {
      element = document.createElement(SECTIONS[name].tag);
      element.setAttribute('exportparts', LAYOUT_PARTS);
      if (SECTIONS[name].wide) element.classList.add('wide');
      this.elements.set(name, element);
    }
    return element;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const env = this.env;
    if (!env?.backend) return;
    for (const place of this.places) {
      if (!('name' in place)) continue;
      const entry = SECTIONS[place.name];
      // The first paint's requests leave with (not after) the sections' code, whether or not that code is here yet:
      // once per section and panel (a later token's requests are the section's own, with its view state).
      if (!entry.afterReady && !this.prefetched.has(place.name)) {
        this.prefetched.add(place.name);
        entry.prefetch?.(env);
      }
      this.ensure(place.name);
    }
    if (changed.has('slots')) this.checkReady();
  }

  private ensure(name: SectionName): void {
    if (sectionReady(name) || this.loadErrors.has(name)) return;
    const code = SECTIONS[name].tabCode ? this.prepare?.() : undefined;
    Promise.all([loadSection(name, this.wrapLoad), code]).then(
      () => this.requestUpdate(),
      (error: unknown) => {
        if (!this.isConnected) return;
        this.loadErrors = new Map([...this.loadErrors, [name, error]]);
        this.settle(this.elementOf(name), false);
        this.dispatchEvent(new SectionErrorEvent(SECTIONS[name].tab, error));
      },
    );
  }

  /** One retry for every section whose code failed to load (one connection failure, however many cards it hit). */
  private retryLoad(): void {
    for (const name of this.loadErrors.keys()) this.settled.delete(this.elementOf(name));
    this.loadErrors = new Map();
  }

  private readonly handleReady = (event: SectionReadyEvent): void => {
    if (event.target === this) return;
    event.stopPropagation();
    this.settle(event.target as Element, event.ok);
  };

  private settle(element: Element, ok: boolean): void {
    if (this.settled.get(element) === true) return;
    this.settled.set(element, ok);
    this.checkReady();
  }

  /** Ready once every section of the first paint settled and one of them has data (or there is none to wait for). */
  private checkReady(): void {
    if (this.readyFired || !this.backend) return;
    const waiting = this.places.filter((p): p is Extract<Place, { name: SectionName }> => 'name' in p && !SECTIONS[p.name].afterReady);
    if (waiting.some((p) => !this.settled.has(p.element))) return;
    if (waiting.length > 0 && !waiting.some((p) => this.settled.get(p.element))) return;
    this.readyFired = true;
    this.panelReady = true;
    this.dispatchEvent(new SectionReadyEvent(this.tab ?? SECTIONS[waiting[0]?.name ?? 'wallet'].tab));
  }

  override render(): TemplateResult {
    const t = this.t;
    return html`<div class="grid">
      ${this.places.map((place, index) => {
        if (!('name' in place)) {
          const id = `note-${index}`;
          return html`<section class="card wide" part=${place.part ? `card ${place.part}` : 'card'} aria-labelledby=${place.title ? id : nothing}>
            ${place.title ? html`<h2 id=${id}>${t(place.title)}</h2>` : nothing}
            <p class="muted unavailable">${t(place.note)}</p>
          </section>`;
        }
        const { name, element } = place;
        if (!sectionReady(name)) {
          const error = this.loadErrors.get(name);
          // What comes after first paint shows when it is there, without a loading card.
          if (SECTIONS[name].afterReady && error === undefined) return nothing;
          const { wide, part } = SECTIONS[name];
          return html`<section class=${wide ? 'card pending wide' : 'card pending'} part=${part ? `card ${part}` : 'card'} aria-busy=${error === undefined ? 'true' : 'false'}>
            ${error === undefined ? renderLoading(t) : renderError(error, t, () => this.retryLoad())}
          </section>`;
        }
        const section = element as HTMLElement & { panelReady?: boolean; usageFocus?: UsageFocus | null };
        section.panelReady = this.panelReady;
        section.usageFocus = this.usageFocus;
        return element;
      })}
    </div>`;
  }
}
