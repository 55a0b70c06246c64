import { useEffect } from 'react';
import { type RouterOutputs, useTRPCClient } from '../../lib/trpc';
import { badgeCacheKey, deviceGeneration, photoCacheKey, readCached, writeCached } from './device-data';

/** A badge as the screen shows it: the server's signed code for one visit, with identity and lender. */
export type Badge = RouterOutputs['field']['badge'];
type DayBadges = RouterOutputs['field']['badges'];

/** The copy this phone keeps of a badge, and when the server issued it (shown while offline). */
export type KeptBadge = Badge & { keptAt?: string };

/**
 * Keeps every badge of the day on the phone, one per visit in the shape the badge screen shows, so "show ID"
 * works without signal; each keeps the server's signature and validity window, so the borrower's QR check still
 * works once the borrower is online.
 */
function keepDayBadges(day: DayBadges, since: number): void {
  for (const b of day.badges) {
    const kept: KeptBadge = {
      ...b,
      expiresAt: b.validUntil,
      agent: day.agent,
      lenderName: day.lenderName,
      lenderNames: day.lenderNames,
      timeZone: day.timeZone,
      keptAt: day.issuedAt,
    };
    writeCached(badgeCacheKey(b.visitId), kept, since);
  }
}

/** The kept badge of a visit, unless its code has expired. */
export function keptBadge(visitId: string, now = new Date()): KeptBadge | undefined {
  const b = readCached<KeptBadge>(badgeCacheKey(visitId));
  return b && new Date(b.expiresAt) > now ? b : undefined;
}

type KeptPhoto = { sha256: string; dataUrl: string };

/** The agent's photo kept on the phone (a data URL), when it is the one on file. */
export function keptPhoto(sha256: string | undefined): string | null {
  if (!sha256) return null;
  const p = readCached<KeptPhoto>(photoCacheKey);
  return p?.sha256 === sha256 ? p.dataUrl : null;
}

/** Fetches the agent's own photo once per file (it is served only to the agent) and keeps it for offline use. */
async function keepAgentPhoto(sha256: string | undefined, since: number): Promise<void> {
  if (!sha256 || keptPhoto(sha256)) return;
  const res = await fetch('/field/photo', { credentials: 'same-origin' });
  if (!res.ok) return;
  const blob = await res.blob();
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
  writeCached(photoCacheKey, { sha256, dataUrl } satisfies KeptPhoto, since);
}

/**
 * While online, fetches the day's signed badges (and the agent's photo) whenever the route changes, so every stop
 * can show its badge later without signal.
 */
export function useKeepDayBadges(online: boolean, routeKey: string | null): void {
  const client = useTRPCClient();
  useEffect(() => {
    if (!online || !routeKey) return;
    let live = true;
    const since = deviceGeneration();
    void client.field.badges
      .mutate({})
      .then(async (day) => {
        if (!live) return;
        keepDayBadges(day, since);
        await keepAgentPhoto(day.agent.photo?.sha256, since);
      })
      // Nothing to keep this time (no crew, a slot ended, storage full): the badge screen asks again online.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, online, routeKey]);
}
