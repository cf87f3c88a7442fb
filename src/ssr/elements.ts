/**
 * The portal's elements as a server sees them: names, no DOM. Server and edge
 * runtimes (Node, workers, Vercel Edge, Cloudflare workerd, Deno) have no
 * `HTMLElement`, and the edge ones resolve Lit's browser build, which extends
 * it at import. The package's `node` / `worker` / `workerd` / `edge-light` /
 * `deno` export conditions therefore point `.` and `./define` here: importing
 * them on a server never throws and registers nothing; the tag a server
 * renders upgrades in the browser.
 */

/**
 * The public properties of `<customer-portal>` (element properties, not
 * attributes). The React wrapper reads them from the class it is given to
 * decide what is a property: on a server it must not render the token as an
 * attribute. A test keeps this list equal to the element's properties.
 */
export const CUSTOMER_PORTAL_PROPERTIES = ['token', 'backend', 'apiBase', 'expiresAt', 'portalUrl', 'tab', 'locale', 'timezone', 'theme', 'expiryWarning', 'tokenProvider', 'messages', 'sections', 'actions'] as const;

/** Base of the server-side element names: constructing one is a mistake (there is no DOM). */
export class ServerElement {
  constructor() {
    throw new Error('The customer portal elements exist only in the browser; on a server, render the <customer-portal> tag.');
  }
}

export class CustomerPortal extends ServerElement {}
for (const name of CUSTOMER_PORTAL_PROPERTIES) {
  Object.defineProperty(CustomerPortal.prototype, name, { value: undefined, writable: true, configurable: true });
}

export class PortalElement extends ServerElement {}
export class SectionPanel extends ServerElement {}

/** Registers nothing on a server. */
export function defineOnce(_tag: string, _ctor: CustomElementConstructor): void {}
