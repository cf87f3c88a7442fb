// The merchant's backend: mints a portal session for the signed-in customer
// with the secret API key, which never reaches the browser.
// FLEXPRICE_API_BASE is e.g. https://api.cloud.flexprice.io/v1.
export const dynamic = 'force-dynamic';

export async function POST(): Promise<Response> {
  const apiBase = process.env.FLEXPRICE_API_BASE!;
  const customer = 'cus-typical'; // your signed-in customer's external_id in Flexprice
  const res = await fetch(`${apiBase}/customers/portal/${encodeURIComponent(customer)}`, {
    headers: { 'x-api-key': process.env.FLEXPRICE_API_KEY! },
    cache: 'no-store',
  });
  if (!res.ok) return Response.json({ error: 'could not start a billing session' }, { status: 502 });
  const { token, expires_at } = (await res.json()) as { token: string; expires_at?: string };
  return Response.json({ token, apiBase, expiresAt: expires_at ?? null }, { headers: { 'cache-control': 'no-store' } });
}
