/**
 * A section's handle on its panel's view state (see view-state.ts): with the
 * sections' code, not in the first chunk.
 */
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ViewState, viewStateContext } from './view-state.js';

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
