import { localDate, localTime } from '@shared/time';
import type { Page } from 'playwright-core';

/** A visit as `dispatch.day` returns it, the fields the dispatch e2e read. */
export interface DayVisit {
  id: string;
  status: string;
  crewId: string | null;
  slotStart: string;
  slotEnd: string;
  version: number;
  borrowerName: string;
  plannedArrival: string | null;
  routePosition: number | null;
}
/** `dispatch.day` of one team. */
export interface Day {
  team: { id: string; name: string; timeZone: string };
  crews: Array<{ id: string; name: string }>;
  visits: DayVisit[];
}

/** Drags a tray card onto a crew lane at a wall-clock time of the team zone. */
export async function dragToLane(
  page: Page,
  visitId: string,
  teamId: string,
  crewName: string,
  arrival: Date,
  zone = 'Asia/Shanghai',
) {
  const date = localDate(arrival, zone);
  const hm = localTime(arrival, zone);
  const [h, m] = hm.split(':').map(Number) as [number, number];
  const slotStart = `${String(h).padStart(2, '0')}:${m >= 30 ? '30' : '00'}`;
  const slot = page.locator(`.fc-timeline-body td.fc-timeline-slot[data-date="${date}T${slotStart}:00"]`).first();
  const lane = page.locator(`td.fc-timeline-lane[data-resource-id="${teamId}|${crewName}"]`).first();
  const card = page.locator(`[data-testid="tray-visit"][data-visit-id="${visitId}"]`);
  await card.scrollIntoViewIfNeeded();
  // Centre the target time: near the scroller's edge FullCalendar auto-scrolls while dragging.
  await slot.evaluate((el) => el.scrollIntoView({ inline: 'center', block: 'nearest' }));
  const from = await card.boundingBox();
  const sBox = await slot.boundingBox();
  const lBox = await lane.boundingBox();
  if (!from || !sBox || !lBox) throw new Error('drag geometry not found');
  // The middle of the 15-minute cell, so snapping lands on the cell's start whatever the pixel rounding.
  const x = sBox.x + (sBox.width * ((m % 30) + 7.5)) / 30;
  const y = lBox.y + lBox.height / 2;
  await page.mouse.move(from.x + 20, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y - 20, { steps: 5 });
  await page.mouse.move(x, y, { steps: 25 });
  await page.mouse.up();
}
