import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Closes every toast so a screenshot shows the page. Clicking each close button once was not enough (session 26's
 * stop-check CI: 2 toasts left after 20 s): closing one slides the others under the buttons' old places, a toast can
 * land after the clicks (a write's "Saved." a moment after its form closes), and a pointer left over a toast pauses
 * its auto-close. So each poll closes the first toast left and moves the pointer off the stack, until none is left.
 */
export async function closeToasts(page: Page): Promise<void> {
  const toasts = page.locator('.mantine-Notification-root');
  await expect
    .poll(async () => {
      if ((await toasts.count()) > 0) {
        await page
          .locator('.mantine-Notification-closeButton')
          .first()
          .click({ timeout: 1_000 })
          .catch(() => {});
        await page.mouse.move(0, 0);
      }
      return toasts.count();
    })
    .toBe(0);
}
