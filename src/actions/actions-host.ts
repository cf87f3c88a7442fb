/**
 * The running actions of one element and backend: the backend's gate, the
 * `actionsContext` value the sections read (`can`, `pending`, `open`), and the
 * open dialog. Started by the root's `ActionsController` once the host lists an
 * action; stopped on a new list, a new backend or disconnection.
 */
import { ACTION_NAMES, type ActionName, type ActionTarget, type BackendActions } from '../api/actions.js';
import type { PortalBackend } from '../api/backend.js';
import type { ActionRequest, PortalActions } from '../context.js';
import type { ErrorSection } from '../events.js';
import { isSafeExternalUrl } from '../api/urls.js';
import { defineOnce } from '../ui/portal-element.js';
import { ActionDialog } from './action-dialog.js';

/** The root's actions controller (`controllers/actions-controller.ts`). */
export interface ActionsRoot {
  /** The `<customer-portal>`: the public events are dispatched on it. */
  readonly host: HTMLElement & { requestUpdate(): void };
  readonly report: (section: ErrorSection, error: unknown) => void;
  /** Provides the `actionsContext` value (null: no action shown). */
  readonly provider: { setValue(value: PortalActions | null): void };
  /** The dialog the root renders (null: none open). */
  dialog: HTMLElement | null;
}

/** Unknown names already warned about, per element. */
const warnedBy = new WeakMap<HTMLElement, Set<string>>();

const show = (root: ActionsRoot, dialog: HTMLElement | null): void => {
  root.dialog = dialog;
  root.host.requestUpdate();
};

const key = (target: ActionTarget): string => `${target.type}:${target.id}`;

/** The listed names the element knows; one console warning per element (`warned`) and unknown name. */
export function parseActions(list: string, warned: Set<string>): Set<ActionName> {
  const names = new Set<ActionName>();
  for (const name of list.split(/\s+/).filter(Boolean)) {
    if ((ACTION_NAMES as readonly string[]).includes(name)) names.add(name as ActionName);
    else if (!warned.has(name)) {
      warned.add(name);
      console.warn(`<customer-portal>: unknown action "${name}" ignored.`);
    }
  }
  return names;
}

/** Reads the list, runs the gate, then provides the allowed actions; returns the stop function. */
export function startActions(list: string, backend: PortalBackend, root: ActionsRoot): () => void {
  const gate = new AbortController();
  let warned = warnedBy.get(root.host);
  if (!warned) warnedBy.set(root.host, (warned = new Set()));
  const wanted = parseActions(list, warned);
  // Nothing known listed, or a backend without writes: read-only, no request.
  if (!wanted.size || !backend.loadActions) return () => gate.abort();
  const pendings = new Set<string>();
  let writes: BackendActions | null = null;
  let available = new Set<ActionName>();
  let dialog: HTMLElement | null = null;

  const publish = (): void => {
    if (gate.signal.aborted) return;
    if (!writes) return;
    const url = (root.host as HTMLElement & { portalUrl?: string | null }).portalUrl;
    root.provider.setValue({ can: (action) => available.has(action), pending: (target) => pendings.has(key(target)), open, writes, portalUrl: url && isSafeExternalUrl(url) ? url : null });
  };

  const open = (request: ActionRequest, opener: HTMLElement): void => {
    if (!writes || dialog) return;
    defineOnce('cp-action-dialog', ActionDialog);
    const el = document.createElement('cp-action-dialog');
    el.request = request;
    el.deps = {
      writes,
      opener,
      host: root.host,
      report: root.report,
      setPending: (target, on) => {
        if (on) pendings.add(key(target));
        else pendings.delete(key(target));
        publish();
      },
      close: () => {
        dialog = null;
        show(root, null);
      },
    };
    dialog = el;
    show(root, el);
  };

  void backend
    .loadActions!()
    .then(async (loaded) => {
      const allowed = await loaded.available(wanted, gate.signal);
      writes = loaded;
      available = allowed;
      publish();
    })
    // A failed gate hides the actions (the read-only portal stays) and is reported; a 401 renews the session first.
    .catch((error: unknown) => {
      if (!gate.signal.aborted) root.report('session', error);
    });

  return () => gate.abort();
}
