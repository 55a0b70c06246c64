import { afterAll } from 'vitest';
import { closeSharedBrowser } from './browser';

// Every e2e file: its sessions share one Chromium (helpers/browser.ts), ended once the file's tests are done.
afterAll(async () => {
  await closeSharedBrowser();
});
