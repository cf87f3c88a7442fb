import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tracks a CSS media query (`prefers-color-scheme: dark`, `forced-colors: active`, …)
 * and re-renders its host when the answer changes. Listens only while the host
 * is connected.
 */
export class MediaQueryController implements ReactiveController {
  private readonly list: MediaQueryList | null;
  private current: boolean;

  constructor(
    private readonly host: ReactiveControllerHost,
    query: string,
  ) {
    this.list = typeof matchMedia === 'function' ? matchMedia(query) : null;
    this.current = this.list?.matches ?? false;
    host.addController(this);
  }

  /** Whether the query matches now. */
  get matches(): boolean {
    return this.current;
  }

  hostConnected(): void {
    this.list?.addEventListener('change', this.handleChange);
    this.sync();
  }

  hostDisconnected(): void {
    this.list?.removeEventListener('change', this.handleChange);
  }

  private readonly handleChange = (): void => {
    this.sync();
  };

  private sync(): void {
    const next = this.list?.matches ?? false;
    if (next !== this.current) {
      this.current = next;
      this.host.requestUpdate();
    }
  }
}
