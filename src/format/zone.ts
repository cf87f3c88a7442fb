/** Time zone checks: whether a zone is known, and the browser's zone. */

/** Answers of isTimeZone: constructing an Intl.DateTimeFormat costs about a millisecond, and the root asks on every update. */
const zoneChecks = new Map<string, boolean>();

/** True when `zone` is an IANA zone this browser knows. */
export function isTimeZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  let known = zoneChecks.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (zoneChecks.size > 100) zoneChecks.clear();
    zoneChecks.set(zone, known);
  }
  return known;
}

let browserZone: { zone: string; at: number } | null = null;

/** The browser's zone (re-read at most once a second: cheap on every update, yet follows a system change). */
export function browserTimeZone(): string {
  const now = Date.now();
  if (!browserZone || now - browserZone.at > 1000) {
    browserZone = { zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', at: now };
  }
  return browserZone.zone;
}
