import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { DEMO_USERS } from '@shared/demo';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { wav } from '../helpers/files';
import { type BrowserSession, loginAs, openBrowser, PHONE, SHOTS } from './helpers/browser';
import { sharedServer } from './helpers/shared-server';
import { type Session, signIn, trpc } from './helpers/trpc-http';

const baseUrl = sharedServer().baseUrl;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A real 480×320 PNG (a door-coloured gradient), so the photo shown in the timeline can be seen in a screenshot. */
function photo(): Buffer {
  const [w, h] = [480, 320];
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      const door = x > 180 && x < 300 && y > 60;
      rows[o] = door ? 120 : 200 - Math.round((y / h) * 80);
      rows[o + 1] = door ? 72 : 210 - Math.round((x / w) * 60);
      rows[o + 2] = door ? 40 : 225;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

type Stop = { id: string; status: string; version: number };
const PHOTO = photo();
const AUDIO = wav(4000);

let session: BrowserSession | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    await session?.page.screenshot({ path: '/tmp/evidence-e2e-failure.png', fullPage: true }).catch(() => undefined);
  }
  await session?.close();
  session = undefined;
});

describe('a manager reviews a visit’s evidence and history', () => {
  let visitId: string;
  let agent: Session;

  beforeAll(async () => {
    // The demo agent attaches a photo and a recording to a stop of today's route, as the phone does.
    agent = await signIn(baseUrl, DEMO_USERS.agent);
    const route = await trpc<{ stops: Stop[] }>(agent, 'GET', 'field.today', {});
    const stop = route.stops.find((s) => s.status === 'assigned') as Stop;
    visitId = stop.id;
    for (const [kind, mimeType, bytes] of [
      ['photo', 'image/png', PHOTO],
      ['audio', 'audio/wav', AUDIO],
    ] as const) {
      await trpc(agent, 'POST', 'field.uploadAttachment', {
        visitId,
        clientId: `e2e-evidence-${kind}-${Date.now()}`,
        kind,
        mimeType,
        dataBase64: bytes.toString('base64'),
      });
    }
  }, 60_000);

  it('sees the photo, downloads the recording and reads the history in English', async () => {
    session = await openBrowser();
    const { page } = session;
    await loginAs(page, baseUrl, DEMO_USERS.manager);
    await page.waitForURL('**/outcomes*');
    await page.goto(`${baseUrl}/outcomes?visit=${visitId}`);
    await page.getByTestId('visit-timeline').waitFor();
    const items = page.getByTestId('evidence-item');
    await expect.poll(() => items.count()).toBe(2);
    for (const i of [0, 1]) {
      expect(await items.nth(i).getByTestId('evidence-integrity').getAttribute('data-integrity')).toBe('verified');
    }
    expect(await page.getByTestId('evidence-integrity').first().textContent()).toContain('verified');

    // The photo, shown on demand from the server (not a data URL), under the CSP.
    const photoItem = page.locator('[data-testid="evidence-item"][data-kind="photo"]');
    await photoItem.getByTestId('evidence-show').click();
    const img = photoItem.getByTestId('evidence-photo');
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(480);
    expect(await img.getAttribute('src')).toMatch(/^\/evidence\/[0-9a-f-]{36}$/);

    // The recording, downloaded as a file with its own name, byte for byte what the phone sent.
    const audioItem = page.locator('[data-testid="evidence-item"][data-kind="audio"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      audioItem.getByTestId('evidence-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^doorstep-\d{4}-\d\d-\d\d-audio-[0-9a-f]{12}\.wav$/);
    expect(sha(readFileSync((await download.path()) as string))).toBe(sha(AUDIO));

    // The history: sentences naming the agent, in the team's time; the raw change only on demand.
    const sentences = page.getByTestId('history-sentence');
    await expect
      .poll(async () => (await sentences.allTextContents()).join('\n'))
      .toMatch(/\d\d:\d\d \S+ attached the photo/);
    expect((await sentences.allTextContents()).join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|T\d\d:\d\d:\d\d/);
    expect(await page.getByTestId('history-raw-change').count()).toBe(0);
    await page.getByTestId('history-raw').first().click();
    expect(await page.getByTestId('history-raw-change').first().textContent()).toContain('attachment.upload');
    await page.getByTestId('history-raw').first().click();
    await page.waitForTimeout(500); // the drawer has slid in, the photo has been laid out
    await page.screenshot({ path: `${SHOTS}/visit-timeline-evidence.png` });

    // Reopened, the history also says who looked at the evidence.
    await page.goto(`${baseUrl}/outcomes?visit=${visitId}`);
    await page.getByTestId('visit-timeline').waitFor();
    await expect
      .poll(async () => (await sentences.allTextContents()).join('\n'), { timeout: 20_000 })
      .toMatch(/viewed the photo[\s\S]*downloaded the audio recording/);
  });

  it('reads the same history in Chinese, on a desktop and on a phone', async () => {
    for (const viewport of [undefined, PHONE]) {
      session = await openBrowser({ locale: 'zh-CN', viewport });
      const { page } = session;
      await loginAs(page, baseUrl, DEMO_USERS.manager);
      await page.waitForURL('**/outcomes*');
      await page.goto(`${baseUrl}/outcomes?visit=${visitId}`);
      await page.getByTestId('visit-timeline').waitFor();
      const text = async () => (await page.getByTestId('history-sentence').allTextContents()).join('\n');
      await expect.poll(text).toMatch(/\d\d:\d\d \S+ 上传了照片/);
      expect(await text()).toMatch(/查看了照片/);
      expect(await text()).toMatch(/下载了录音/);
      expect(await page.getByTestId('evidence-integrity').first().textContent()).toContain('已校验');
      await page.locator('[data-kind="photo"]').getByTestId('evidence-show').click();
      await expect
        .poll(() => page.getByTestId('evidence-photo').evaluate((el) => (el as HTMLImageElement).naturalWidth))
        .toBe(480);
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SHOTS}/visit-timeline-evidence-zh${viewport ? '-phone' : ''}.png` });
      await session.close();
      session = undefined;
    }
  });
});
