import { canTransition, DONE, isIn, OUTCOME_RECORDED } from '@shared/domain/visit-lifecycle';
import type { RouterOutputs } from '../../lib/trpc';
import type { QueueItem } from './offline-queue';
import type { SentResult } from './sync-store';

export type FieldRoute = RouterOutputs['field']['today'];
export type FieldStop = FieldRoute['stops'][number] & { pendingSync: boolean };

/**
 * The route as the agent should see it: the server's last answer plus what is still waiting in the
 * queue (a check-in made offline shows the stop on site, with its version moved on, until it syncs).
 */
export function withQueued(stops: FieldRoute['stops'], queue: QueueItem[]): FieldStop[] {
  return stops.map((stop) => {
    let s: FieldStop = { ...stop, pendingSync: false };
    for (const item of queue) {
      if (item.visitId !== stop.id || item.state !== 'pending') continue;
      if (item.kind === 'enRoute' && canTransition(s.status, 'en_route')) {
        s = { ...s, status: 'en_route', version: s.version + 1, pendingSync: true };
      } else if (item.kind === 'checkIn' && canTransition(s.status, 'on_site')) {
        s = { ...s, status: 'on_site', version: s.version + 1, checkInAt: item.input.at, pendingSync: true };
      } else if (item.kind === 'outcome' && canTransition(s.status, 'completed')) {
        s = { ...s, status: 'completed', outcomeCode: item.input.code, outcomeVersion: 1, pendingSync: true };
      } else if (item.kind === 'outcome' && isCorrection(s)) {
        // A correction made on top of one still queued corrects that one (the version it will get).
        s = { ...s, outcomeCode: item.input.code, outcomeVersion: (s.outcomeVersion ?? 0) + 1, pendingSync: true };
      }
    }
    return s;
  });
}

/** A stop updated with what the server answered to a sent action (until the next fetch replaces it). */
export function patchStop(stop: FieldRoute['stops'][number], r: SentResult): FieldRoute['stops'][number] {
  return {
    ...stop,
    status: (r.status as typeof stop.status) ?? stop.status,
    version: r.version ?? stop.version,
    checkInAt: r.checkInAt ?? stop.checkInAt,
    checkInDistanceM: r.checkInDistanceM ?? stop.checkInDistanceM,
    checkInFlagged: r.checkInFlagged ?? stop.checkInFlagged,
    outcomeCode: r.outcomeCode ?? stop.outcomeCode,
    outcomeVersion: r.outcomeVersion ?? stop.outcomeVersion,
  };
}

export const isDone = (s: { status: string }) => isIn(DONE, s.status);

/** A finished visit with a recorded outcome: a new outcome for it is a correction (the server keeps both). */
export const isCorrection = (s: { status: string; outcomeCode: string | null }) =>
  isIn(OUTCOME_RECORDED, s.status) && s.outcomeCode !== null;

/** Metres as "850 m" or "3.2 km". */
export function formatDistance(m: number | null, locale: string): string {
  if (m === null) return '';
  if (m < 1000) return `${Math.round(m)} m`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(m / 1000)} km`;
}
