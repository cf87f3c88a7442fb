import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadOnce } from '../api/load-once.js';
import type { UsageChart } from '../ui/usage-chart/usage-chart.js';
import { MediaQueryController } from './media-query.js';
import type { RootDataController } from './root-data-controller.js';
import type { SessionController, SessionView } from './session-controller.js';
import type { PortalConfig } from '../api/model.js';

/** The module that applies a tenant theme, once imported (shared page-wide). */
const loadConfigTheme = loadOnce(() => import('../customer-portal/config-theme.js'));

/** The element themed: its `theme` property, and the `.root` wrapper it renders. */
export interface ThemeHost extends ReactiveControllerHost {
  theme: 'light' | 'dark' | 'auto';
  readonly renderRoot: ParentNode;
}

/**
 * The root's colours: light or dark (its `theme`, `auto` following
 * `prefers-color-scheme`), the tenant's `/config` theme applied under the
 * host's public properties, and the canvas charts redrawn when dark flips.
 */
export class ThemeController implements ReactiveController {
  private readonly prefersDark: MediaQueryController;
  /** Whether the last render was dark (null before the first), to redraw charts when it flips. */
  private renderedDark: boolean | null = null;
  /** The config and session view the tenant theme was last applied for. */
  private themedFor: { config: PortalConfig | null; view: SessionView } | null = null;

  constructor(
    private readonly host: ThemeHost,
    private readonly rootData: RootDataController,
    private readonly session: SessionController,
  ) {
    this.prefersDark = new MediaQueryController(host, '(prefers-color-scheme: dark)');
    host.addController(this);
  }

  get dark(): boolean {
    const theme = this.host.theme;
    return theme === 'dark' || (theme !== 'light' && this.prefersDark.matches);
  }

  /** With the `/config` request of a new backend: the code that applies its theme (quiet on failure; `apply` tries again). */
  preload(): void {
    loadConfigTheme().catch(() => undefined);
  }

  hostUpdated(): void {
    const config = this.rootData.config;
    const view = this.session.view;
    if (!this.themedFor || this.themedFor.config !== config || this.themedFor.view !== view) {
      this.themedFor = { config, view };
      this.apply();
    }
    const dark = this.dark;
    if (this.renderedDark !== null && this.renderedDark !== dark) this.refreshCharts();
    this.renderedDark = dark;
  }

  /**
   * The tenant's `/config` colours, as fallbacks under the host's public
   * properties (see the styles). The code that applies them is imported with
   * the `/config` request (`preload`); until both are there (and with no
   * theme at all) nothing is set, so the defaults show.
   */
  private apply(): void {
    const theme = this.rootData.config?.theme ?? {};
    if (!loadConfigTheme.value && Object.keys(theme).length === 0) return;
    loadConfigTheme().then(
      (module) => {
        const root = this.host.renderRoot.querySelector<HTMLElement>('.root');
        if (root) module.applyConfigTheme(root, this.rootData.config?.theme ?? {});
      },
      () => undefined, // the defaults stay; the next config or session change tries again
    );
  }

  /** Charts draw on a canvas with colours read from CSS: redraw them when the theme flips. */
  private refreshCharts(): void {
    // Through every section's shadow root (skipped while the chart element is still loading: it reads the theme when it first draws).
    const walk = (root: ParentNode): void => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName === 'cp-usage-chart') (el as UsageChart).refreshTheme?.();
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(this.host.renderRoot);
  }
}
