import type { Page } from 'playwright-core';

/**
 * Holds the page's first GET whose tRPC path includes `path`: the server answers it at once (so it has read
 * before anything the test does next), and the page gets that answer only on `release()`. That is a slow read
 * overtaken by a write, made deterministic: a page that refreshes after its write must show the write, not the
 * held answer. Later reads of `path` go through. `answered` resolves once the server has answered the held read; `done()` hands it to the page.
 */
export async function holdFirstRead(page: Page, path: string) {
  const matches = (url: URL) => url.pathname.startsWith('/trpc/') && url.pathname.includes(path);
  let answered = () => {};
  const serverAnswered = new Promise<void>((r) => {
    answered = r;
  });
  let release = () => {};
  const released = new Promise<void>((r) => {
    release = r;
  });
  let first = true;
  await page.route(matches, async (route) => {
    if (!first) return route.continue();
    first = false;
    // Read by the test with the page's session: Playwright's own fetch of a routed request (route.fetch,
    // page.request) hands the page its answer at once.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const read = await fetch(route.request().url(), { headers: { ...route.request().headers(), cookie } });
    const answer = { status: read.status, contentType: 'application/json', body: await read.text() };
    answered();
    await released;
    await route.fulfill(answer);
  });
  return {
    answered: serverAnswered,
    /** Releases the held read and removes the route once the page has its answer. */
    done: async () => {
      release();
      await page.unrouteAll({ behavior: 'wait' });
    },
  };
}
