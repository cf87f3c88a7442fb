import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextProvider } from '@lit/context';
import { ACTION_NAMES, type ActionName, type ActionTarget, type BackendActions } from '../api/actions.js';
import type { PortalBackend } from '../api/backend.js';
import { loadOnce } from '../api/load-once.js';
import { actionsContext, type ActionRequest } from '../context.js';
import type { ErrorSection } from '../events.js';

/** The actions chunk (dialogs, forms, the runner): imported only once the host lists an action. */
const loadActionsUi = loadOnce(() => import('../actions/index.js'));

const key = (target: ActionTarget): string => `${target.type}:${target.id}`;

/**
 * The root's side of the opt-in actions (`actions` attribute): the allow-list
 * (unknown names warned about once per element and name), the backend's gate,
 * the `actionsContext` the sections read, and the open dialog. Without
 * `actions` nothing here loads or requests anything: the context stays null.
 */
export class ActionsController implements ReactiveController {
  /** The open confirmation dialog (rendered by the root), or null. */
  dialog: HTMLElement | null = null;
  private wanted = '';
  private readonly warned = new Set<string>();
  private gatedFor: PortalBackend | null = null;
  private gate: AbortController | null = null;
  private writes: BackendActions | null = null;
  private available = new Set<ActionName>();
  private readonly pendings = new Set<string>();
  private readonly provider: ContextProvider<typeof actionsContext>;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly report: (section: ErrorSection, error: unknown) => void,
  ) {
    this.provider = new ContextProvider(host, { context: actionsContext, initialValue: null });
    host.addController(this);
  }

  hostDisconnected(): void {
    this.gate?.abort();
    this.gatedFor = null;
  }

  /** Reads `actions` and the current backend; runs the gate when either changed. */
  sync(actions: string | null, backend: PortalBackend | null): void {
    const names = new Set<ActionName>();
    for (const name of (actions ?? '').split(/\s+/).filter(Boolean)) {
      if ((ACTION_NAMES as readonly string[]).includes(name)) names.add(name as ActionName);
      else if (!this.warned.has(name)) {
        this.warned.add(name);
        console.warn(`<customer-portal>: unknown action "${name}" ignored.`);
      }
    }
    const wanted = [...names].sort().join(' ');
    if (wanted === this.wanted && backend === this.gatedFor) return;
    this.wanted = wanted;
    this.gatedFor = backend;
    this.gate?.abort();
    this.available = new Set();
    this.writes = null;
    if (names.size && backend?.loadActions) {
      const gate = (this.gate = new AbortController());
      void Promise.all([backend.loadActions(), loadActionsUi()])
        .then(async ([writes]) => {
          const available = await writes.available(names, gate.signal);
          if (gate.signal.aborted) return;
          this.writes = writes;
          this.available = available;
          this.publish();
        })
        // A failed gate hides the actions (the read-only portal stays); a 401 renews the session first.
        .catch((error: unknown) => this.report('session', error));
    }
    this.publish();
  }

  private publish(): void {
    const available = this.available;
    this.provider.setValue(
      this.wanted
        ? { can: (action) => available.has(action), pending: (target) => this.pendings.has(key(target)), open: (request, opener) => void this.open(request, opener) }
        : null,
    );
    this.host.requestUpdate();
  }

  private async open(request: ActionRequest, opener: HTMLElement): Promise<void> {
    const writes = this.writes;
    if (!writes || this.dialog) return;
    const ui = await loadActionsUi();
    this.dialog = ui.createActionDialog(request, {
      writes,
      opener,
      host: this.host,
      report: this.report,
      setPending: (target, on) => {
        if (on) this.pendings.add(key(target));
        else this.pendings.delete(key(target));
        this.publish();
      },
      close: () => {
        this.dialog = null;
        this.host.requestUpdate();
      },
    });
    this.host.requestUpdate();
  }
}
