/** Whether the Invoices section is narrower than `NARROW_WIDTH` (its rows become stacked cards). */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Below this width (px) rows become stacked cards. */
export const NARROW_WIDTH = 560;

export class NarrowWidth implements ReactiveController {
  narrow = false;
  private observer: ResizeObserver | null = null;
  private frame = 0;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer ??= new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width ?? 0;
      // A hidden tab measures 0: keep the last layout.
      if (width <= 0) return;
      // Applied in the next frame: changing layout inside the observer's callback loops it.
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => {
        if (this.narrow === width < NARROW_WIDTH) return;
        this.narrow = width < NARROW_WIDTH;
        this.host.requestUpdate();
      });
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    cancelAnimationFrame(this.frame);
  }
}
