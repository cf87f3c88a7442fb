/**
 * Test-only: queries that see through open shadow roots, for elements nested
 * in the root's shadow root, a panel's, and its sections' (document order,
 * a host's shadow content before its light children).
 */
export function deepQueryAll<E extends Element = Element>(root: ParentNode, selector: string): E[] {
  const found: E[] = [];
  const visit = (node: ParentNode): void => {
    for (const child of Array.from(node.children)) {
      if (child.matches(selector)) found.push(child as E);
      if (child.shadowRoot) visit(child.shadowRoot);
      visit(child);
    }
  };
  if (root instanceof Element && root.shadowRoot) visit(root.shadowRoot);
  visit(root);
  return found;
}

export function deepQuery<E extends Element = Element>(root: ParentNode, selector: string): E | null {
  return deepQueryAll<E>(root, selector)[0] ?? null;
}

/** The focused element, through every shadow root on the way. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
