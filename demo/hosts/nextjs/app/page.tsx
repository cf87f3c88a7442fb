// A Server Component: it renders on the server and hands the client component
// only serializable props (strings). The portal itself, with its event
// handlers, lives in the client component.
import { BillingPortal } from './billing-portal';

export default function BillingPage() {
  return (
    <>
      <header className="bar">
        <strong>Acme Cloud</strong>
        <span className="muted">Next.js host</span>
      </header>
      <main>
        <h1>Billing</h1>
        <BillingPortal locale="en-US" />
      </main>
    </>
  );
}
