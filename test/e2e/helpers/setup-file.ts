import { afterAll } from 'vitest';
import { closeFileContexts } from './browser';

// Every e2e file: its sessions are contexts of its worker's one Chromium (helpers/browser.ts); whatever the file
// left open is closed once its tests are done, so no page of it keeps polling while the next file runs.
afterAll(async () => {
  await closeFileContexts();
});
