// The merchant's backend: mints a portal session for the signed-in customer
// with the secret API key, which never reaches the browser.
// FLEXPRICE_API_BASE and FLEXPRICE_API_KEY are declared in src/env.ts.
import { json, error } from '@sveltejs/kit';
import { FLEXPRICE_API_BASE, FLEXPRICE_API_KEY } from '$app/env/private';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ fetch }) => {
  const apiBase = FLEXPRICE_API_BASE;
  if (!apiBase || !FLEXPRICE_API_KEY) error(500, 'billing is not configured');
  const customer = 'cus-typical'; // your signed-in customer's external_id in Flexprice
  const res = await fetch(`${apiBase}/customers/portal/${encodeURIComponent(customer)}`, {
    headers: { 'x-api-key': FLEXPRICE_API_KEY },
  });
  if (!res.ok) error(502, 'could not start a billing session');
  const { token, expires_at } = (await res.json()) as { token: string; expires_at?: string };
  return json({ token, apiBase, expiresAt: expires_at ?? null }, { headers: { 'cache-control': 'no-store' } });
};
