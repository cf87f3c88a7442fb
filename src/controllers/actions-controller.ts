import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextProvider } from '@lit/context';
import type { PortalBackend } from '../api/backend.js';
import { actionsContext } from '../context.js';
import type { ErrorSection } from '../events.js';

/**
 * The root's side of the opt-in actions (`actions` attribute), kept tiny: it is in the first chunk.
 * Only when the host lists something does it import the actions chunk, which reads the list (one
 * warning per element and unknown name), runs the backend's gate, provides `actionsContext` to the
 * sections (through `provider`) and owns the dialogs (`dialog`, rendered by the root). Without
 * `actions` nothing loads and nothing is requested.
 */
export class ActionsController implements ReactiveController {
  /** The open confirmation dialog (rendered by the root), or null. */
  dialog: HTMLElement | null = null;
  readonly provider: ContextProvider<typeof actionsContext>;
  private list = '';
  private backend: PortalBackend | null = null;
  /** Stops the actions of the previous list or backend. */
  private stop?: () => void;

  constructor(
    readonly host: ReactiveControllerHost & HTMLElement,
    readonly report: (section: ErrorSection, error: unknown) => void,
  ) {
    this.provider = new ContextProvider(host, { context: actionsContext, initialValue: null });
    host.addController(this);
  }

  hostDisconnected(): void {
    // Forgets the list too: reconnected, the next sync starts the actions anew.
    this.sync(null, null);
  }

  /** Reads `actions` and the current backend; starts the actions anew when either changed. */
  sync(actions: string | null, backend: PortalBackend | null): void {
    const list = actions?.trim() ?? '';
    if (list === this.list && backend === this.backend) return;
    this.list = list;
    this.backend = backend;
    this.stop?.();
    this.provider.setValue(null);
    if (!list || !backend) return;
    let stopped = false;
    this.stop = () => (stopped = true);
    import('../actions/index.js').then(
      (ui) => stopped || (this.stop = ui.startActions(list, backend, this)),
      (error: unknown) => this.report('session', error),
    );
  }
}
