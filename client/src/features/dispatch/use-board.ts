import { addDays } from '@shared/time';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { CalendarCrew } from '../../calendar/to-calendar-events';
import { oldestPosition } from '../../lib/live-start';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';

type Day = RouterOutputs['dispatch']['day'];
export type BoardVisit = Day['visits'][number] & {
  /** Its crew's name, from the day's crews (the answer sends each crew once and a visit names its crew by id). */
  crewName: string | null;
  teamId: string;
  teamName: string;
  visitDate: string;
  /** Field records kept for a decision on this visit (made offline after it changed under the crew). */
  openConflicts: number;
};
export type BoardCrew = Day['crews'][number] & CalendarCrew & { teamId: string; laneId: string };

/** A crew's lane is its name within its team, so the same pair keeps one lane across the days of a week. */
const laneOf = (teamId: string, crewName: string) => `${teamId}|${crewName}`;

export interface Board {
  timeZone: string;
  /** The server's clock minus this browser's: the now line shows the time the placement rules use. */
  clockOffsetMs: number;
  dates: string[];
  allowed: { start: string; end: string } | null;
  crews: BoardCrew[];
  visits: BoardVisit[];
  atRisk: Set<string>;
  /** The server's definition of "at risk" (how close to the slot's end), for the screen's explanation. */
  atRiskRule: Day['atRiskRule'] | null;
  /** The server's day summary, added up over the days and teams shown. */
  summary: Day['summary'];
  /** Set when any day shown has straight-line travel because the road engine failed. */
  travelWarning: Day['travel']['warning'];
}

const hours = (minutes: number) => `${(minutes / 60).toFixed(1)}h`;

/** The days of one or several teams (a week is seven days), merged into one board. */
export function useBoard(teamIds: string[], date: string, days: number) {
  const trpc = useTRPC();
  const dates = useMemo(() => Array.from({ length: days }, (_, i) => addDays(date, i)), [date, days]);
  const queries = useQueries({
    queries: teamIds.flatMap((teamId) => dates.map((d) => trpc.dispatch.day.queryOptions({ teamId, date: d }))),
  });
  const loading = queries.some((q) => q.isPending);
  const error = queries.find((q) => q.error)?.error ?? null;
  const stamp = queries.map((q) => q.dataUpdatedAt).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `stamp` changes exactly when any day's data does
  const board = useMemo<Board | null>(() => {
    const data = queries.flatMap((q) => (q.data ? [q.data] : []));
    if (data.length === 0 || loading) return null;
    const lanes = new Map<string, number>();
    const crews: BoardCrew[] = [];
    const visits: BoardVisit[] = [];
    for (const d of data) {
      for (const c of d.crews) {
        const laneId = laneOf(d.team.id, c.name);
        if (!lanes.has(laneId)) lanes.set(laneId, lanes.size);
        crews.push({
          ...c,
          teamId: d.team.id,
          teamName: d.team.name,
          laneId,
          colorIndex: lanes.get(laneId) ?? 0,
          load: `${c.totals.visits} · ${Math.round(c.totals.km)}km · ${hours(c.totals.travelMinutes)}`,
        });
      }
      const kept = new Map(d.conflicts.map((c) => [c.visitId, c.open]));
      const crewNames = new Map(d.crews.map((c) => [c.id, c.name]));
      for (const v of d.visits) {
        visits.push({
          ...v,
          crewName: v.crewId ? (crewNames.get(v.crewId) ?? null) : null,
          teamId: d.team.id,
          teamName: d.team.name,
          visitDate: d.date,
          openConflicts: kept.get(v.id) ?? 0,
        });
      }
    }
    const fetched = queries.find((q) => q.data);
    const clockOffsetMs = fetched?.data ? new Date(fetched.data.now).getTime() - fetched.dataUpdatedAt : 0;
    const sum = (k: keyof Day['summary']) => data.reduce((s, d) => s + (d.summary[k] as number), 0);
    return {
      timeZone: data[0]?.team.timeZone ?? 'Asia/Shanghai',
      clockOffsetMs,
      dates,
      // The team's hours come from the server's policy reader; before the first day loads nothing is shaded.
      allowed: data[0] ? { start: data[0].policy.allowedStart, end: data[0].policy.allowedEnd } : null,
      crews,
      visits,
      atRisk: new Set(data.flatMap((d) => d.atRisk)),
      atRiskRule: data[0]?.atRiskRule ?? null,
      travelWarning: data.find((d) => d.travel.warning)?.travel.warning ?? null,
      summary: {
        total: sum('total'),
        unassigned: sum('unassigned'),
        assigned: sum('assigned'),
        underWay: sum('underWay'),
        completed: sum('completed'),
        missed: sum('missed'),
        cancelled: sum('cancelled'),
        atRisk: sum('atRisk'),
        km: Math.round(sum('km') * 10) / 10,
        travelMinutes: sum('travelMinutes'),
      },
    };
  }, [stamp, loading, dates]);
  // Where the page's live stream starts: the oldest position these reads answered (live-board.tsx).
  const liveFrom = oldestPosition(queries.map((q) => q.data?.liveFrom));
  return { board, loading, error, liveFrom, refetch: () => Promise.all(queries.map((q) => q.refetch())) };
}
