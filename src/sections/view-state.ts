/**
 * View state shared by the sections of one panel (the wallet a customer picked
 * on the Credits tab, the page each wallet's history is on): a small keyed
 * store with change notification, provided by the panel through @lit/context.
 * It lives as long as the panel, so it survives token changes (a new backend)
 * and tab switches. A section outside any panel (a test) keeps its own store.
 */
import { createContext, ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ViewState extends EventTarget {
  private readonly values = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  /** Sets `key` and tells every section that reads this store (no change, no notice). */
  set(key: string, value: unknown): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    this.dispatchEvent(new Event('change'));
  }
}

export const viewStateContext = createContext<ViewState>(Symbol('cp-view-state'));

/**
 * A section's handle on its panel's view state: re-renders the section on
 * every change, and falls back to a store of its own outside a panel.
 */
export class ViewStateController implements ReactiveController {
  private provided: ViewState | undefined;
  private readonly own = new ViewState();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
    new ContextConsumer(host, {
      context: viewStateContext,
      subscribe: true,
      callback: (store) => this.adopt(store),
    });
  }

  get store(): ViewState {
    return this.provided ?? this.own;
  }

  private readonly changed = (): void => this.host.requestUpdate();

  private adopt(store: ViewState | undefined): void {
    if (store === this.provided) return;
    this.store.removeEventListener('change', this.changed);
    this.provided = store;
    this.store.addEventListener('change', this.changed);
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.store.addEventListener('change', this.changed);
  }

  hostDisconnected(): void {
    this.store.removeEventListener('change', this.changed);
  }
}
