import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, badgeCodes, users as usersTable } from '../../drizzle/schema';
import { loadEnv } from '../../server/env';
import { storeAgentPhoto } from '../../server/modules/field/agent-photo';
import { createCaller } from '../../server/trpc/root';
import { DEMO_USERS } from '../../shared/demo';
import { PNG } from '../helpers/files';
import { assignedStops, type FieldStop } from './field-helpers';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';
import { httpApp, signInOver } from './helpers/http-app';

const at = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000);

/**
 * The badge works without signal: the phone fetches the day's badges while online, each signed by the server
 * with its validity window, and shows them offline; the borrower's online check of the code (and of the QR's
 * signature) still answers. The agent's photo is on the badge and on /verify, served only to the agent and,
 * for a valid code, to the borrower; without one the phone and the page say there is no photo on file.
 */
describe('day badges for offline use, signed, with the agent’s photo (real router, real DB)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-badge-'));
  const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  const demo = setUpDemoCity();
  let stops: FieldStop[];
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};
  const agent = (now: Date) => createCaller({ ...makeContext(demo.handle, demo.users.agent, { now }), env });
  const anonymous = (now: Date, ip = '198.51.100.9') =>
    createCaller({ ...makeContext(demo.handle, null, { now, ip }), env });
  const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  beforeAll(async () => {
    stops = await assignedStops(demo.handle, demo.users);
    app = await httpApp(demo.handle, { env });
    for (const role of ['agent', 'dispatcher'] as const) {
      cookies[role] = (await signInOver(app, DEMO_USERS[role])).cookie;
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('issues the day’s badges at once, each with its validity window and a server signature; again the same', async () => {
    const first = stops[0] as FieldStop;
    const morning = at(first.slotStart, -60);
    const day = await agent(morning).field.badges({});
    expect(day.badges.map((b) => b.visitId).sort()).toEqual(stops.map((s) => s.id).sort());
    for (const b of day.badges) {
      const stop = stops.find((s) => s.id === b.visitId) as FieldStop;
      expect(b.code).toMatch(/^[A-Z2-9]{6}$/);
      expect(b.validFrom).toBe(morning.toISOString());
      expect(b.validUntil).toBe(stop.slotEnd);
      expect(b.signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(b.verifyPath).toBe(`/verify/${b.code}?s=${b.signature}`);
    }
    expect(day.agent).toMatchObject({ fullName: expect.any(String), badgeNo: expect.any(String), photo: null });
    expect(day.timeZone).toBe('Asia/Shanghai');
    const again = await agent(at(first.slotStart, -30)).field.badges({});
    expect(again.badges).toEqual(day.badges);
    // The single badge of the badge screen is the same badge.
    const one = await agent(at(first.slotStart, 5)).field.badge({ visitId: first.id });
    expect(one).toMatchObject({ code: day.badges.find((b) => b.visitId === first.id)?.code });
    expect(one.signature).toBe(day.badges.find((b) => b.visitId === first.id)?.signature);
  });

  it('the borrower’s online check reads the QR’s signature: valid, altered, absent, and expired after the window', async () => {
    const stop = stops[0] as FieldStop;
    const day = await agent(at(stop.slotStart, -60)).field.badges({});
    const badge = day.badges.find((b) => b.visitId === stop.id);
    if (!badge) throw new Error('no badge');
    const inSlot = at(stop.slotStart, 10);
    const signed = await anonymous(inSlot).verify.check({ code: badge.code, s: badge.signature });
    expect(signed).toMatchObject({ result: 'valid', signature: 'valid' });
    expect(signed.visit?.validUntil).toBe(stop.slotEnd);
    const typed = await anonymous(inSlot).verify.check({ code: badge.code });
    expect(typed).toMatchObject({ result: 'valid', signature: 'absent' });
    const altered = `${badge.signature.slice(0, -2)}${badge.signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const forged = await anonymous(inSlot).verify.check({ code: badge.code, s: altered });
    expect(forged).toMatchObject({ result: 'not_authorised', signature: 'invalid' });
    const late = await anonymous(at(stop.slotEnd, 1)).verify.check({ code: badge.code, s: badge.signature });
    expect(late.result).toBe('expired');
  });

  it('without a photo on file the badge and the check say so; with one, the agent and a valid check get it, nobody else', async () => {
    const noPhoto = await anonymous(new Date()).verify.check({ code: 'ZZZZ22' });
    expect(noPhoto.agent).toBeNull();
    expect((await get('/field/photo', cookies.agent)).statusCode).toBe(404);

    const [row] = await demo.handle.db
      .select({ agentId: agents.id })
      .from(agents)
      .innerJoin(usersTable, eq(usersTable.id, agents.userId))
      .where(eq(usersTable.username, DEMO_USERS.agent));
    await storeAgentPhoto({ db: demo.handle.db, dataDir }, row?.agentId as string, PNG, 'image/png');

    const stop = stops[0] as FieldStop;
    const day = await agent(at(stop.slotStart, -60)).field.badges({});
    expect(day.agent.photo).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const own = await get('/field/photo', cookies.agent);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.rawPayload.equals(PNG)).toBe(true);
    // Only the agent's own photo: a dispatcher's session has no agent photo to fetch here.
    expect((await get('/field/photo', cookies.dispatcher)).statusCode).toBe(404);
    expect((await get('/field/photo')).statusCode).toBe(401);

    // A code valid right now (the HTTP server runs on the real clock): the check links the photo for that check.
    const now = new Date();
    const [code] = await demo.handle.db
      .insert(badgeCodes)
      .values({
        code: 'PHTEST',
        agentId: row?.agentId as string,
        visitId: stop.id,
        createdAt: new Date(now.getTime() - 60_000),
        expiresAt: new Date(now.getTime() + 3_600_000),
      })
      .returning({ code: badgeCodes.code });
    const check = await anonymous(now).verify.check({ code: code?.code as string });
    expect(check.result).toBe('valid');
    expect(check.agent?.photoPath).toMatch(/^\/badge-photo\/[0-9a-f-]{36}$/);
    const photo = await get(check.agent?.photoPath as string);
    expect(photo.statusCode).toBe(200);
    expect(photo.rawPayload.equals(PNG)).toBe(true);
    // An unknown or malformed check id, or a check that was not valid, shows nothing.
    expect((await get('/badge-photo/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/badge-photo/not-a-uuid')).statusCode).toBe(404);
    const unknown = await anonymous(now).verify.check({ code: 'ZZZZ23' });
    expect(unknown.agent).toBeNull();
    const expired = await anonymous(at(stop.slotEnd, 600)).verify.check({
      code: (day.badges[0] as { code: string }).code,
    });
    expect(expired.result).not.toBe('valid');
    expect(expired.agent?.photoPath ?? null).toBeNull();
  });
});
