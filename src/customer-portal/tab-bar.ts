/**
 * The root's tab bar and its panels (the ARIA tabs pattern): which tabs show,
 * which is active, the tabs opened so far, arrow / Home / End navigation (in
 * the tab list's own direction), and `tab-change` when the user switches.
 * The panels' contents are the root's (`renderPanel`): this module only places them.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { PortalConfig } from '../api/model.js';
import { TabChangeEvent, type PortalTab } from '../events.js';
import type { Translate } from '../i18n/index.js';
import type { RootDataController } from '../controllers/root-data-controller.js';

/** The element the tab bar belongs to: its `tab` property is the selected tab. */
export interface TabBarHost extends ReactiveControllerHost, EventTarget {
  tab: PortalTab;
  readonly renderRoot: ParentNode;
}

/**
 * `content` in one of two templates by the parity of `generation`: Lit replaces
 * a part's elements when its template changes, so bumping the generation (a
 * token for another customer) recreates the tab elements with no old state.
 * (What `keyed()` does, without its directive code in the first chunk.)
 */
export const freshPer = (generation: number, content: TemplateResult): TemplateResult =>
  generation % 2 ? html`${content}` : html`<!---->${content}`;

/** The tab bar's state and behaviour; the host calls `sync` in `willUpdate` (the selected tab settles before anything renders). */
export class TabBarController {
  /** Tabs opened at least once; their elements stay in the DOM, hidden, once created. */
  private visited: ReadonlySet<PortalTab> = new Set();

  constructor(
    private readonly host: TabBarHost,
    private readonly rootData: RootDataController,
    /** Every tab, in the one order they are shown in. */
    private readonly all: readonly PortalTab[],
    /** The config used until `/config` answers. */
    private readonly fallback: PortalConfig,
  ) {}

  /** The tabs shown, always in the fixed order. */
  get enabled(): PortalTab[] {
    const sections = (this.rootData.config ?? this.fallback).sections;
    const tabs = this.all.filter((id) => sections[id] !== false && !(id === 'credits' && this.rootData.hasWallets === false));
    return tabs.length > 0 ? tabs : ['overview'];
  }

  get active(): PortalTab {
    const tab = this.host.tab;
    if (!this.rootData.sectionsKnown) return this.isTab(tab) ? tab : 'overview';
    const tabs = this.enabled;
    return this.isTab(tab) && tabs.includes(tab) ? tab : tabs[0]!;
  }

  private isTab(value: unknown): value is PortalTab {
    return typeof value === 'string' && (this.all as readonly string[]).includes(value);
  }

  /** Before each render: `tab` settles on an available tab, and the active one counts as opened (with a backend). */
  sync(hasBackend: boolean): void {
    const active = this.active;
    if (this.rootData.sectionsKnown && this.host.tab !== active) this.host.tab = active;
    if (hasBackend && !this.visited.has(active)) this.visited = new Set([...this.visited, active]);
  }

  /** Another customer's token: no tab was opened yet. */
  reset(): void {
    this.visited = new Set();
    this.host.requestUpdate();
  }

  /** The user picked `tab` (click, keys, or a section's request): select it, bring it into view, fire `tab-change`. */
  select(tab: PortalTab, focus: boolean): void {
    const changed = tab !== this.active;
    this.host.tab = tab;
    void this.host.updateComplete.then(() => {
      const button = this.host.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`);
      if (focus) button?.focus();
      button?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    });
    if (changed) this.host.dispatchEvent(new TabChangeEvent({ tab }));
  }

  private readonly handleKeydown = (event: KeyboardEvent): void => {
    const tabs = this.enabled;
    const index = tabs.indexOf(this.active);
    // The tab list's own direction (the wrapper sets dir="rtl" for Arabic), so arrows follow what the user sees.
    const rtl = getComputedStyle(event.currentTarget as Element).direction === 'rtl';
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = index + (rtl ? -1 : 1);
        break;
      case 'ArrowLeft':
        next = index + (rtl ? 1 : -1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = tabs.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length]!;
    this.select(target, true);
  };

  /** The tab list (skeletons until the tabs are known). */
  renderTabs(t: Translate, active: PortalTab): TemplateResult {
    if (!this.rootData.sectionsKnown) {
      return html`<div class="tabs-pending" aria-hidden="true">
        ${this.all.slice(0, 3).map(() => html`<span class="skeleton"></span>`)}
      </div>`;
    }
    return html`<div class="tabs" part="tabs" role="tablist" aria-label=${t('shell.tabs')} @keydown=${this.handleKeydown}>
      ${this.enabled.map((id) => {
        const selected = id === active;
        return html`<button
          class="tab"
          part=${selected ? 'tab tab-active' : 'tab'}
          type="button"
          role="tab"
          id=${`tab-${id}`}
          aria-selected=${selected ? 'true' : 'false'}
          aria-controls=${`panel-${id}`}
          tabindex=${selected ? '0' : '-1'}
          @click=${() => this.select(id, false)}
        >
          ${t(`shell.tab.${id}`)}
        </button>`;
      })}
    </div>`;
  }

  /** One panel per tab shown (before the tabs are known: the opened ones); only opened tabs get their content. */
  /** `live`: the session is active (otherwise the panels are inert); `generation`: see `freshPer`. */
  renderPanels(t: Translate, active: PortalTab, live: boolean, generation: number, content: (tab: PortalTab) => TemplateResult): TemplateResult {
    const known = this.rootData.sectionsKnown;
    const ids = known ? this.enabled : this.all.filter((id) => id === active || this.visited.has(id));
    return html`${ids.map(
      (id) => html`<div
        class="panel"
        part="panel"
        role="tabpanel"
        id=${`panel-${id}`}
        aria-labelledby=${known ? `tab-${id}` : nothing}
        aria-label=${known ? nothing : t(`shell.tab.${id}`)}
        tabindex="0"
        ?hidden=${id !== active}
        ?inert=${!live}
        aria-busy=${live && !known ? 'true' : nothing}
      >
        ${this.visited.has(id) ? freshPer(generation, content(id)) : nothing}
      </div>`,
    )}`;
  }
}
