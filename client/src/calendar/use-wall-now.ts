import { useCallback, useEffect, useRef, useState } from 'react';
import { toWall } from './wall-time';

/**
 * The server's clock (this browser's plus `offsetMs`) as calendar wall time of the team zone: `nowWall` for the
 * events (re-read every half minute, so the shading of the past follows the time) and `nowDate` for
 * FullCalendar's `now`. The server's clock, not the browser's, is what the placement rules compare with.
 */
export function useWallNow(offsetMs: number, timeZone: string) {
  const wall = useCallback(() => toWall(new Date(Date.now() + offsetMs), timeZone), [offsetMs, timeZone]);
  const [nowWall, setNowWall] = useState(wall);
  // The state was just read with this `wall`: reading it again at mount made new events a moment after the
  // first ones and built the whole calendar twice (the busiest board's load); only a new zone or offset re-reads.
  const readWith = useRef(wall);
  useEffect(() => {
    if (readWith.current !== wall) setNowWall(wall());
    readWith.current = wall;
    const timer = setInterval(() => setNowWall(wall()), 30_000);
    return () => clearInterval(timer);
  }, [wall]);
  const nowDate = useCallback(() => new Date(wall()), [wall]);
  return { nowWall, nowDate };
}
