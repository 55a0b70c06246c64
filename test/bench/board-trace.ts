/**
 * Where a board load's main-thread time goes (`npm run bench:board -- --trace`): one load recorded with Chromium's
 * tracing (devtools.timeline: script, style, layout, paint, GC) and its JavaScript sampling profiler, both through a
 * CDP session, cut at the moment the last data answer arrived: before it the app waits and starts, after it the
 * browser turns data into the painted calendar and map. Prints main-thread self time per kind of work and the
 * JavaScript self time per script file and per function in each part.
 */
import type { CDPSession, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; requestId?: string } };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8.execute',
  'loading',
];

/** Runs `load` (a navigation that ends when the page has painted) with tracing and the profiler on. */
export async function traceLoad(page: Page, load: () => Promise<void>, paintMark: string) {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    events.push(...(e.value as unknown as TraceEvent[]));
  });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Tracing.start', { categories: CATEGORIES.join(','), transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  await load();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await endTracing(cdp);
  await cdp.detach();
  return summarise(events, profile, paintMark);
}

async function endTracing(cdp: CDPSession) {
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await done;
}

/** Self time (ms) per event name on one thread: nested complete events are subtracted from their parent. */
function selfTimes(events: TraceEvent[], from: number, to: number) {
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && e.ts >= from && e.ts < to)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: Array<{ e: TraceEvent; end: number }> = [];
  for (const e of spans) {
    while (stack.length && (stack.at(-1)?.end ?? 0) <= e.ts) stack.pop();
    const parent = stack.at(-1);
    const dur = e.dur ?? 0;
    if (parent) self.set(parent.e.name, (self.get(parent.e.name) ?? 0) - dur);
    self.set(e.name, (self.get(e.name) ?? 0) + dur);
    stack.push({ e, end: e.ts + dur });
  }
  return [...self.entries()]
    .map(([name, us]) => [name, us / 1000] as const)
    .filter(([name, ms]) => ms >= 5 && name !== 'RunTask' && name !== 'ThreadControllerImpl::RunTask')
    .sort((a, b) => b[1] - a[1]);
}

/** JavaScript self time (ms) per script file and per function for the samples between `from` and `to`. */
function jsTimes(profile: Profile, from: number, to: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const files = new Map<string, number>();
  const fns = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < from || t >= to) continue;
    const frame = byId.get(profile.samples[i] as number)?.callFrame;
    if (!frame || frame.url === '') continue; // (idle), (program), (garbage collector)
    const file =
      frame.url
        .split('/')
        .pop()
        ?.replace(/-[\w-]{8}\.js$/, '.js') ?? frame.url;
    files.set(file, (files.get(file) ?? 0) + delta);
    const fn = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber}`;
    fns.set(fn, (fns.get(fn) ?? 0) + delta);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `${k} ${Math.round(us / 1000)}`)
      .join(' · ');
  return { files: top(files, 8), functions: top(fns, 12) };
}

function summarise(events: TraceEvent[], profile: Profile, paintMark: string) {
  const mainThreads = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  // The renderer that drew the page is the one whose main thread carries the paint mark.
  const mark = events.find((e) => e.name === paintMark && e.cat.includes('blink.user_timing'));
  const main = mainThreads.find((m) => m.pid === mark?.pid) ?? mainThreads[0];
  const onMain = events.filter((e) => e.pid === main?.pid && e.tid === main?.tid);
  const nav = events.find((e) => e.name === 'navigationStart' && e.pid === main?.pid)?.ts ?? onMain[0]?.ts ?? 0;
  const painted = mark?.ts ?? Math.max(...onMain.map((e) => e.ts));
  // The last answer of a data request (not a live stream) before the paint.
  const urls = new Map<string, string>();
  for (const e of events)
    if (e.name === 'ResourceSendRequest' && e.args?.data?.requestId)
      urls.set(e.args.data.requestId, e.args.data.url ?? '');
  const dataIn = Math.max(
    nav,
    ...events
      .filter((e) => e.name === 'ResourceFinish' && e.ts < painted)
      .filter((e) => {
        const url = urls.get(e.args?.data?.requestId ?? '') ?? '';
        return url.includes('/trpc/') && !url.includes('/trpc/live.');
      })
      .map((e) => e.ts),
  );
  const ms = (us: number) => Math.round(us / 1000);
  const part = (from: number, to: number) => {
    const self = selfTimes(onMain, from, to);
    const busy = self.reduce((s, [, v]) => s + v, 0);
    return {
      span: ms(to - from),
      busy: Math.round(busy),
      work: self
        .slice(0, 10)
        .map(([n, v]) => `${n} ${Math.round(v)}`)
        .join(' · '),
      js: jsTimes(profile, from, to),
    };
  };
  return {
    dataInMs: ms(dataIn - nav),
    paintedMs: ms(painted - nav),
    before: part(nav, dataIn),
    after: part(dataIn, painted + 1),
    requests: requestSpans(events, urls, nav, painted),
    busy: busyPerSlice(onMain, nav, painted),
  };
}

/** Each script and data request until the paint: sent–finished, ms after navigation (the critical path). */
function requestSpans(events: TraceEvent[], urls: Map<string, string>, nav: number, painted: number) {
  const sent = new Map<string, number>();
  for (const e of events)
    if (e.name === 'ResourceSendRequest' && e.args?.data?.requestId && e.ts < painted)
      sent.set(e.args.data.requestId, e.ts);
  const spans: string[] = [];
  for (const e of events) {
    const id = e.args?.data?.requestId;
    const at = id ? sent.get(id) : undefined;
    if (e.name !== 'ResourceFinish' || !id || at === undefined) continue;
    const path = new URL(urls.get(id) ?? '', 'http://x').pathname;
    const name = path.startsWith('/trpc/') ? path.slice(6) : (path.split('/').pop() ?? path);
    if (!name.endsWith('.js') && !path.startsWith('/trpc/')) continue;
    if (name.startsWith('live.')) continue;
    spans.push(
      `${name.replace(/-[\w-]{8}\.js$/, '.js')} ${Math.round((at - nav) / 1000)}–${Math.round((e.ts - nav) / 1000)}`,
    );
  }
  return spans.join(' · ');
}

/** Main-thread busy ms in each 250 ms after navigation: where the page waited (idle) and where it worked. */
function busyPerSlice(onMain: TraceEvent[], nav: number, painted: number) {
  const SLICE = 250_000;
  const slices = Array.from({ length: Math.ceil((painted - nav) / SLICE) }, () => 0);
  // Top-level tasks only (nested events are inside them).
  for (const e of onMain) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') || !e.dur) continue;
    for (let t = Math.max(e.ts, nav); t < Math.min(e.ts + e.dur, painted); ) {
      const i = Math.floor((t - nav) / SLICE);
      const end = Math.min(e.ts + e.dur, painted, nav + (i + 1) * SLICE);
      if (slices[i] !== undefined) slices[i] += end - t;
      t = end;
    }
  }
  return slices.map((us) => Math.round(us / 1000)).join(' ');
}

/** The summary as the bench prints it. */
export function formatTrace(t: Awaited<ReturnType<typeof traceLoad>>) {
  const lines = [
    `  trace: data in at ${t.dataInMs} ms, painted at ${t.paintedMs} ms`,
    `  scripts and data, sent–finished (ms after navigation): ${t.requests}`,
    `  main thread busy per 250 ms: ${t.busy}`,
  ];
  for (const [label, p] of [
    ['navigation → data in', t.before],
    ['data in → painted', t.after],
  ] as const) {
    lines.push(
      `  ${label}: ${p.span} ms, main thread busy ${p.busy} ms (self ms by kind, ≥ 5 ms)`,
      `    ${p.work}`,
      `    js by file: ${p.js.files}`,
      `    js by function: ${p.js.functions}`,
    );
  }
  return lines.join('\n');
}
