import { LitElement } from 'lit';
import { nextTask } from '../api/next-task.js';

/**
 * Registers `tag` unless something already did: a second copy of the portal
 * (two script tags, or CDN plus npm) warns instead of throwing.
 */
export function defineOnce(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) {
    customElements.define(tag, ctor);
  } else if (existing !== ctor) {
    console.warn(`<${tag}> is already defined by another copy of the customer portal; keeping the first one.`);
  }
}

/**
 * Base of every portal element. Internal elements are listed in
 * `static dependencies` and registered when the first instance is created
 * (Web Awesome's pattern), so importing a class registers nothing.
 */
export class PortalElement extends LitElement {
  static dependencies: Record<string, CustomElementConstructor> = {};

  /**
   * Set by an element whose first render is heavy: its first update waits a task, so it is not
   * added to the task that created it (a parent's render, a module's evaluation), and neither
   * becomes a long task on a slow core. Later updates are Lit's usual microtask.
   */
  protected static firstUpdateInOwnTask = false;

  constructor() {
    super();
    const deps = (this.constructor as typeof PortalElement).dependencies;
    for (const [tag, ctor] of Object.entries(deps)) defineOnce(tag, ctor);
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    if (!this.hasUpdated && (this.constructor as typeof PortalElement).firstUpdateInOwnTask) return nextTask().then(() => super.scheduleUpdate());
    return super.scheduleUpdate();
  }
}
