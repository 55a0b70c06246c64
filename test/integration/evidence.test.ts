import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditLog, visits } from '../../drizzle/schema';
import { loadEnv } from '../../server/env';
import { createCaller } from '../../server/trpc/root';
import { DEMO_USERS } from '../../shared/demo';
import type { Role } from '../../shared/domain/constants';
import { PNG, wav } from '../helpers/files';
import { assignedStops, type FieldStop } from './field-helpers';
import { makeContext } from './helpers/db';
import { setUpDemoCity } from './helpers/demo-city';
import { httpApp, signInOver } from './helpers/http-app';

const WAV = wav(800);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('evidence: managers see and download a visit’s files, scoped like the visit and audited', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-evidence-'));
  const env = loadEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  const demo = setUpDemoCity();
  let app: FastifyInstance;
  let stop: FieldStop;
  const files = { photo: '', audio: '', otherTeam: '' };
  const cookies = {} as Record<Role, string>;
  const as = (role: Role) => createCaller({ ...makeContext(demo.handle, demo.users[role]), env });
  const get = (url: string, role?: Role, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { ...(role ? { cookie: cookies[role] } : {}), ...headers } });
  const audits = (entityId: string) =>
    demo.handle.db
      .select({ action: auditLog.action, actor: auditLog.actorUserId, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, entityId), inArray(auditLog.action, ['attachment.view', 'attachment.download'])))
      .orderBy(auditLog.id);

  beforeAll(async () => {
    app = await httpApp(demo.handle, { env });
    for (const role of Object.keys(DEMO_USERS) as Role[]) {
      cookies[role] = (await signInOver(app, DEMO_USERS[role])).cookie;
    }
    [stop] = (await assignedStops(demo.handle, demo.users)) as [FieldStop];
    const upload = (kind: 'photo' | 'audio', mimeType: string, bytes: Buffer) =>
      as('agent').field.uploadAttachment({
        visitId: stop.id,
        clientId: `evidence-${kind}-0001`,
        kind,
        mimeType,
        dataBase64: bytes.toString('base64'),
      });
    files.photo = (await upload('photo', 'image/png', PNG)).id;
    files.audio = (await upload('audio', 'audio/wav', WAV)).id;
    // A file on a visit of a team the demo manager does not manage (the demo manager has the first two).
    const [foreign] = await demo.handle.db
      .select({ id: visits.id })
      .from(visits)
      .where(notInArray(visits.teamId, demo.users.manager.teamIds))
      .limit(1);
    const bytes = Buffer.from('another team’s photo');
    const rel = join('attachments', sha(bytes).slice(0, 2), sha(bytes));
    mkdirSync(join(dataDir, 'attachments', sha(bytes).slice(0, 2)), { recursive: true });
    writeFileSync(join(dataDir, rel), bytes);
    const [row] = await demo.handle.db
      .insert(attachments)
      .values({
        visitId: foreign?.id as string,
        kind: 'photo',
        mimeType: 'image/png',
        sizeBytes: bytes.length,
        sha256: sha(bytes),
        storagePath: rel,
        uploadedBy: demo.users.admin.id,
      })
      .returning({ id: attachments.id });
    files.otherTeam = row?.id as string;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a photo inline to a manager of the team: its bytes, type, disposition and nosniff, audited as a view', async () => {
    const res = await get(`/evidence/${files.photo}`, 'manager');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toMatch(
      /^inline; filename="doorstep-\d{4}-\d\d-\d\d-photo-[0-9a-f]{12}\.png"/,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.rawPayload.equals(PNG)).toBe(true);
    const log = await audits(files.photo);
    expect(log).toEqual([
      {
        action: 'attachment.view',
        actor: demo.users.manager.id,
        after: expect.objectContaining({ visitId: stop.id, kind: 'photo', sha256: sha(PNG) }),
      },
    ]);
  });

  it('downloads the audio as a file to the manager and to the team’s dispatcher, each download audited', async () => {
    for (const role of ['manager', 'dispatcher'] as const) {
      const res = await get(`/evidence/${files.audio}?download=1`, role);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('audio/wav');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="doorstep-.*-audio-[0-9a-f]{12}\.wav"/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(sha(res.rawPayload)).toBe(sha(WAV));
    }
    // Asked to show a recording inline, the server still sends it only as a download.
    const inline = await get(`/evidence/${files.audio}`, 'manager');
    expect(inline.headers['content-disposition']).toMatch(/^attachment;/);
    const log = await audits(files.audio);
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['attachment.download', demo.users.manager.id],
      ['attachment.download', demo.users.dispatcher.id],
      ['attachment.download', demo.users.manager.id],
    ]);
  });

  it('answers NOT_FOUND to a manager of another team, to the agent (even for their own visit) and for unknown ids', async () => {
    const foreign = await get(`/evidence/${files.otherTeam}`, 'manager');
    const unknown = await get(`/evidence/${randomUUID()}`, 'manager');
    const notAnId = await get('/evidence/not-a-uuid', 'manager');
    // Agents upload evidence from the phone but never read it back (decided: no past evidence on a phone).
    const agent = await get(`/evidence/${files.photo}`, 'agent');
    for (const res of [foreign, unknown, notAnId, agent]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    // The same answer for a file that exists and one that does not: nothing tells another team it is there.
    expect(foreign.body).toBe(unknown.body);
    const zh = await get(`/evidence/${files.otherTeam}`, 'manager', { 'x-doorstep-locale': 'zh-CN' });
    expect(zh.json().error.message).toContain('未找到');
    // Admins see every team's files.
    expect((await get(`/evidence/${files.otherTeam}`, 'admin')).statusCode).toBe(200);
    expect((await audits(files.otherTeam)).map((e) => e.actor)).toEqual([demo.users.admin.id]);
    expect(await audits(files.photo)).toHaveLength(1);
  });

  it('asks for a session, and refuses a request another site started', async () => {
    const anonymous = await get(`/evidence/${files.photo}`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    const crossSite = await get(`/evidence/${files.photo}`, 'manager', { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
    expect(await audits(files.photo)).toHaveLength(1);
  });

  it('marks each file verified in the timeline while its stored bytes match the hash, and says when they do not', async () => {
    const timeline = async () =>
      Object.fromEntries(
        (await as('manager').reports.timeline({ visitId: stop.id })).events
          .filter((e) => e.kind === 'attachment')
          .map((e) => [e.details.attachmentId, e.details]),
      );
    const before = await timeline();
    expect(before[files.photo]).toMatchObject({
      kind: 'photo',
      sha256: sha(PNG),
      integrity: 'verified',
      viewable: true,
    });
    expect(before[files.audio]).toMatchObject({ kind: 'audio', integrity: 'verified', viewable: false });
    // Someone edits the stored recording on disk: the timeline says so, the hash stays what was recorded.
    const audioPath = join(dataDir, 'attachments', sha(WAV).slice(0, 2), sha(WAV));
    writeFileSync(audioPath, wav(801));
    expect((await timeline())[files.audio]).toMatchObject({ integrity: 'altered', sha256: sha(WAV) });
    rmSync(audioPath);
    expect((await timeline())[files.audio]).toMatchObject({ integrity: 'missing' });
    const gone = await get(`/evidence/${files.audio}?download=1`, 'manager');
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('EVIDENCE_FILE_MISSING');
  });
});
