import type { Page } from 'playwright-core';

/** What one kind of call cost a page load: how many, bytes of body (as decoded), the slowest in ms. */
export interface CallCost {
  calls: number;
  kb: number;
  slowestMs: number;
  /** Longest request URL seen for it (a GET batch carries every input in the URL). */
  longestUrl: number;
  failed: number;
  /** Why a request failed (net::ERR_… or the HTTP status). */
  errors: string[];
}

/** The tRPC procedures in a request path: `/trpc/a.b,c.d?batch=1` → ['a.b', 'c.d']. */
export function proceduresOf(url: string): string[] {
  const path = new URL(url).pathname;
  if (!path.startsWith('/trpc/')) return [];
  return path.slice('/trpc/'.length).split(',');
}

/**
 * Watches the page's tRPC calls until `stop()`: per procedure the calls, body size and time. A batch's size and
 * time are charged in full to each procedure in it (the browser waits for the whole batch anyway).
 */
export function watchTrpc(page: Page) {
  const costs = new Map<string, CallCost>();
  const started = new Map<object, number>();
  const onRequest = (req: { url(): string }) => started.set(req, Date.now());
  const onFinished = async (req: {
    url(): string;
    response(): Promise<{ status(): number; body(): Promise<Buffer> } | null>;
  }) => {
    const names = proceduresOf(req.url());
    if (names.length === 0) return;
    const ms = Date.now() - (started.get(req) ?? Date.now());
    const res = await req.response().catch(() => null);
    // Live subscriptions (server-sent events) never finish a body: count them, not their bytes.
    const body = res && !req.url().includes('live.') ? await res.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
    const ok = res ? res.status() < 400 : false;
    for (const name of names) {
      const c = costs.get(name) ?? { calls: 0, kb: 0, slowestMs: 0, longestUrl: 0, failed: 0, errors: [] };
      c.calls += 1;
      c.kb += body.length / 1024;
      c.slowestMs = Math.max(c.slowestMs, ms);
      c.longestUrl = Math.max(c.longestUrl, req.url().length);
      if (!ok) {
        c.failed += 1;
        c.errors.push(`HTTP ${res?.status() ?? '?'}`);
      }
      costs.set(name, c);
    }
  };
  const onFailed = (req: { url(): string; failure(): { errorText: string } | null }) => {
    const names = proceduresOf(req.url());
    // Leaving the page cuts its live streams: that is not a failure of the page.
    if (req.failure()?.errorText === 'net::ERR_ABORTED' && names.every((n) => n.startsWith('live.'))) return;
    for (const name of names) {
      const c = costs.get(name) ?? { calls: 0, kb: 0, slowestMs: 0, longestUrl: 0, failed: 0, errors: [] };
      c.calls += 1;
      c.failed += 1;
      c.errors.push(req.failure()?.errorText ?? 'failed');
      costs.set(name, c);
    }
  };
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  page.on('requestfailed', onFailed);
  return {
    /** Stops watching; the costs, biggest first. */
    stop(): Array<[string, CallCost]> {
      page.off('request', onRequest);
      page.off('requestfinished', onFinished);
      page.off('requestfailed', onFailed);
      return [...costs].sort((a, b) => b[1].kb - a[1].kb);
    },
  };
}

/** One line per procedure: "  dispatch.day  ×1  412.3 KB  slowest 240 ms  url 130". */
export function formatCosts(costs: Array<[string, CallCost]>): string {
  return costs
    .map(
      ([name, c]) =>
        `    ${name.padEnd(28)} ×${String(c.calls).padEnd(4)} ${c.kb.toFixed(1).padStart(9)} KB` +
        `  slowest ${String(c.slowestMs).padStart(5)} ms  url ${c.longestUrl}${c.failed ? `  FAILED ${c.failed} (${[...new Set(c.errors)].join(', ')})` : ''}`,
    )
    .join('\n');
}

/**
 * When, after navigation start, each tRPC request of the page started and ended (Resource Timing): shows the
 * waterfall that decides the first paint, e.g. "auth.me 310–380 · teams.list,config.public 820–900 · …".
 */
export const WATERFALL = `performance.getEntriesByType('resource')
  .filter((e) => e.name.includes('/trpc/'))
  .map((e) => new URL(e.name).pathname.slice(6) + ' ' + Math.round(e.startTime) + '–' + Math.round(e.responseEnd))
  .join(' · ')`;
