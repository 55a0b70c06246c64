import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Picks the first team in the admin's new-user form and waits until it shows in the field; returns its name. */
export async function pickFirstTeam(page: Page): Promise<string> {
  await page.getByTestId('new-user-teams').click();
  const option = page.getByRole('option').first();
  const teamName = ((await option.textContent()) ?? '').trim();
  await option.click();
  await page.getByTestId('new-user-displayName').click(); // closes the dropdown (Escape would close the modal)
  // Under load the pick can land late: submit only once the team shows in the field.
  await expect.poll(() => page.getByTestId('new-user-form').textContent()).toContain(teamName);
  return teamName;
}
