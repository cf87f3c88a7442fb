/**
 * Test-only: waits for a condition instead of sleeping. `settled(el)` resolves
 * once nothing in the element's shadow trees is loading: no loading state
 * (`part~="state-loading"`) and no `aria-busy="true"` region, and every
 * element in it has finished its pending update.
 */
import { waitUntil } from '@open-wc/testing';

function* shadowTree(root: ParentNode): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* shadowTree(el.shadowRoot);
  }
}

/** Whether anything under `el` (through shadow roots) is showing a loading state. */
export function isLoading(el: Element): boolean {
  const root = el.shadowRoot ?? el;
  for (const node of shadowTree(root)) {
    if (node.getAttribute('aria-busy') === 'true') return true;
    if ((node.getAttribute('part') ?? '').split(/\s+/).includes('state-loading')) return true;
  }
  return false;
}

/** Resolves when `el` shows no loading state and its elements have no pending update. */
export async function settled(el: Element, message = 'never settled', timeout = 5000): Promise<void> {
  await waitUntil(() => !isLoading(el), message, { timeout });
  const updates = [el, ...shadowTree(el.shadowRoot ?? el)]
    .map((node) => (node as Partial<{ updateComplete: Promise<unknown> }>).updateComplete)
    .filter((p): p is Promise<unknown> => p instanceof Promise);
  await Promise.all(updates);
  await waitUntil(() => !isLoading(el), message, { timeout });
}
