import { useEffect, useState } from 'react';

/**
 * Where a live page's stream opens from. Each read a live page starts from answers `liveFrom`, the audit position
 * taken before its SELECTs; the page opens its stream with it as `lastEventId`, so the changes committed between
 * the read and the stream joining the server's bus are sent first (server/modules/live/live.service.ts).
 */

/**
 * The position a page's stream of `key` (its teams) opens from: the first `from` its reads answered, kept while
 * the key stays (a refetch's newer one would reopen the stream). Other teams: their reads' position.
 */
export function useStreamStart(key: string, from: string | undefined): string | undefined {
  const [start, setStart] = useState<{ key: string; from: string } | null>(null);
  const current = start?.key === key ? start.from : undefined;
  useEffect(() => {
    if (current === undefined && from !== undefined) setStart({ key, from });
  }, [current, from, key]);
  return current;
}

/** The oldest of the shown reads' positions (audit ids, compared as numbers); unset until each has answered. */
export function oldestPosition(positions: ReadonlyArray<string | undefined>): string | undefined {
  if (positions.length === 0 || positions.some((p) => p === undefined)) return undefined;
  return (positions as string[]).reduce((a, b) => (Number(b) < Number(a) ? b : a));
}
