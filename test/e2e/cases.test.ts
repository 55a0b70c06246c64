import { DEMO_USERS } from '@shared/demo';
import { addDays, zonedTimeToUtc } from '@shared/time';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type BrowserSession, loginAs, openBrowser, SHOTS, trpcGet } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';
import { closeToasts } from './helpers/toasts';

const baseUrl = sharedServer().baseUrl;
// The day the shared server's data was seeded for, not the wall clock's (a run may cross midnight in Shanghai).
const today = sharedServer().seedDate;

let session: BrowserSession | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    await session?.page.screenshot({ path: '/tmp/cases-e2e-failure.png', fullPage: true }).catch(() => undefined);
  }
  await session?.close();
  session = undefined;
});

async function post(page: Page, path: string, input: unknown): Promise<void> {
  const res = await page.evaluate(
    async ([url, body]) => {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: r.status, text: await r.text() };
    },
    [`/trpc/${path}`, JSON.stringify(input)] as const,
  );
  expect(res.status, res.text).toBe(200);
}

async function data<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await trpcGet(page, path, input);
  expect(res.status, res.body).toBe(200);
  return (JSON.parse(res.body) as { result: { data: T } }).result.data;
}

type Found = { rows: { id: string; loanRef: string; status: string }[] };
type File = {
  addresses: { id: string }[];
  appointments: { id: string; status: string; slotStart: string; visitId: string | null }[];
};

/** Picks a Mantine Select option by the slot time its label starts with (the label goes on with the room left). */
async function choose(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: new RegExp(`^${label} · `) }).click();
}

describe('arranging a visit from the case (dispatcher)', () => {
  it('logs a notice, agrees a slot, is told why a bad one is refused, sends a link, reschedules and cancels', async () => {
    session = await openBrowser();
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.dispatcher);
    await page.waitForURL('**/dispatch*');

    // A case of the team with no appointment yet (most of the seeded portfolio has none). Its visits go on days
    // 4–6 ahead, clear of the days the dispatch-console tests count.
    const found = await data<Found>(page, 'appointments.worklist', { status: 'open', pageSize: 30 });
    let target: Found['rows'][number] | undefined;
    for (const c of found.rows) {
      const file = await data<File>(page, 'appointments.caseFile', { caseId: c.id });
      if (file.appointments.length === 0) {
        target = c;
        break;
      }
    }
    if (!target) throw new Error('no open case without an appointment');

    await page.getByRole('link', { name: 'Cases' }).click();
    await page.waitForURL('**/cases*');
    await page.getByTestId('case-search').fill(target.loanRef);
    await page.getByTestId('case-row').filter({ hasText: target.loanRef }).click();
    await page.getByTestId('case-file').waitFor();

    await page.getByTestId('log-notice').click();
    await page.getByTestId('notice-result').fill('Called: borrower agreed to a visit tomorrow afternoon');
    await page.getByTestId('notice-submit').click();
    await page.getByTestId('notice').filter({ hasText: 'borrower agreed to a visit tomorrow afternoon' }).waitFor();

    // The form asks the server about the day first: slots too close to agree are greyed out with the reason.
    await page.getByTestId('agree-slot').click();
    await page.getByTestId('slot-date').fill(addDays(today, -1));
    await page.getByTestId('slot-select').click();
    const past = page.getByRole('option', { name: '10:00–12:00 · too soon' });
    expect(await past.getAttribute('data-combobox-disabled')).toBe('true');
    await page.keyboard.press('Escape');
    await page.getByTestId('slot-date').fill(addDays(today, 4));
    await choose(page, 'slot-select', '14:00–16:00');
    await page.screenshot({ path: `${SHOTS}/cases-agree-slot.png` });
    await page.getByTestId('slot-submit').click();
    await page.getByTestId('appointment-row').filter({ hasText: '14:00–16:00' }).waitFor();

    // While the form is open on day 6, a colleague agrees day 5 for the same borrower: the server refuses day 6
    // (a third visit that week), in words, and nothing is saved.
    await page.getByTestId('agree-slot').click();
    await page.getByTestId('slot-date').fill(addDays(today, 6));
    await choose(page, 'slot-select', '10:00–12:00');
    const file4 = await data<File>(page, 'appointments.caseFile', { caseId: target.id });
    await post(page, 'appointments.agree', {
      caseId: target.id,
      addressId: file4.addresses[0]?.id,
      visitType: 'negotiation',
      via: 'phone',
      slotStart: zonedTimeToUtc(addDays(today, 5), '10:00', 'Asia/Shanghai').toISOString(),
      slotEnd: zonedTimeToUtc(addDays(today, 5), '12:00', 'Asia/Shanghai').toISOString(),
      idempotencyKey: `colleague-${target.id}`,
    });
    await page.getByTestId('slot-submit').click();
    await expect.poll(() => page.getByTestId('slot-error').textContent()).toContain('more than 2 times in 7 days');
    await page.keyboard.press('Escape');
    await page.getByTestId('appointment-row').filter({ hasText: '10:00–12:00' }).waitFor();
    expect(await page.getByTestId('appointment-row').count()).toBe(2);
    // Opened again, the form says so before anyone tries.
    await page.getByTestId('agree-slot').click();
    await page.getByTestId('slot-date').fill(addDays(today, 6));
    await expect.poll(() => page.getByTestId('day-refused').textContent()).toContain('more than 2 times in 7 days');
    await page.keyboard.press('Escape');

    const row = page.getByTestId('appointment-row').filter({ hasText: '14:00–16:00' });
    await row.filter({ hasText: 'Agreed' }).waitFor();
    const me = await data<{ teamIds: string[] }>(page, 'auth.me', undefined);
    const board = await data<{ visits: { id: string; status: string }[] }>(page, 'dispatch.day', {
      teamId: me.teamIds[0],
      date: addDays(today, 4),
    });
    const file = await data<File>(page, 'appointments.caseFile', { caseId: target.id });
    const agreed = [...file.appointments].sort((a, b) => a.slotStart.localeCompare(b.slotStart))[0];
    expect(board.visits.find((v) => v.id === agreed?.visitId)?.status).toBe('unassigned');

    await page.getByTestId('send-link').click();
    await page.getByTestId('link-submit').click();
    const url = await page.getByTestId('slot-link-url').inputValue();
    expect(url).toMatch(new RegExp(`^${baseUrl}/s/[A-Za-z0-9_-]{32}$`));
    // The borrower answers: none of the offered times suit, call me. The case joins the follow-up list…
    await post(page, 'slots.decline', { token: url.split('/s/')[1], note: 'Mornings only, please' });
    await page.reload();
    const queued = page.getByTestId('case-follow-up').filter({ hasText: 'Mornings only, please' });
    await queued.waitFor();
    await page.getByTestId('slot-link-row').first().waitFor();
    await closeToasts(page);
    await page.screenshot({ path: `${SHOTS}/cases-file.png` });

    await row.getByTestId('reschedule').click();
    await page.getByTestId('slot-date').fill(addDays(today, 5));
    await choose(page, 'slot-select', '16:00–18:00');
    await page.getByTestId('slot-submit').click();
    await page.getByTestId('appointment-row').filter({ hasText: 'Rescheduled' }).waitFor();
    // …and leaves it once a new time is agreed.
    await expect.poll(() => queued.count()).toBe(0);
    const moved = page.getByTestId('appointment-row').filter({ hasText: '16:00–18:00' });
    await moved.filter({ hasText: 'Agreed' }).waitFor();

    await moved.getByTestId('cancel-appointment').click();
    await page.getByTestId('cancel-reason').fill('Borrower paid by bank transfer');
    await page.getByTestId('cancel-submit').click();
    await page
      .getByTestId('appointment-row')
      .filter({ hasText: '16:00–18:00' })
      .filter({ hasText: 'Cancelled' })
      .waitFor();
    const after = await data<File>(page, 'appointments.caseFile', { caseId: target.id });
    expect(after.appointments.map((a) => a.status).sort()).toEqual(['agreed', 'cancelled', 'rescheduled']);
  });
});
