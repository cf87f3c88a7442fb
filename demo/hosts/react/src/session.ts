/** What our backend answers at POST /api/portal-session (it holds the secret API key). */
export interface PortalSessionResponse {
  token: string;
  apiBase: string;
  expiresAt: string | null;
}

export async function fetchPortalSession(): Promise<PortalSessionResponse> {
  const res = await fetch('/api/portal-session', { method: 'POST' });
  if (!res.ok) throw new Error(`Could not start a billing session (HTTP ${res.status}).`);
  return (await res.json()) as PortalSessionResponse;
}
