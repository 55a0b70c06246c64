import { and, eq, ne } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { agents, attachments, crewMembers, users as usersTable, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import type { UploadAttachmentInput } from '../../shared/schemas/field';
import { PNG as PNG_FILE } from '../helpers/files';
import { setUpFieldDay } from './field-helpers';
import { appCode, failure, fieldErrorsOf } from './helpers/calls';
import { makeContext } from './helpers/db';
import { sessionUserFor, TODAY } from './helpers/demo';

const PNG = PNG_FILE.toString('base64');
const b64 = (bytes: number[] | string) => Buffer.from(bytes as never).toString('base64');
// The first bytes of real files of each kind (their signatures), padded with zeros.
const pad = (head: number[]) => [...head, ...new Array(64).fill(0)];
const JPEG = b64(pad([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]));
const EXE = b64(pad([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]));
const HTML = b64('<!DOCTYPE html><html><script>alert(1)</script></html>');
const PDF = b64('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj <<>> endobj\n');
const M4A = b64(pad([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x4d, 0x34, 0x41, 0x20, 0, 0, 0, 0]));

describe('field evidence uploads: ownership first, and the bytes must be what they claim', () => {
  const demo = setUpFieldDay();
  let outsider: Awaited<ReturnType<typeof sessionUserFor>>;
  let outsiderVisitId: string;
  const upload = (
    over: Partial<UploadAttachmentInput>,
    who: 'agent' | 'outsider' = 'agent',
    locale: 'en' | 'zh-CN' = 'en',
  ) =>
    createCaller(
      makeContext(demo.handle, who === 'agent' ? demo.users.agent : outsider, { locale }),
    ).field.uploadAttachment({
      visitId: demo.stop.id,
      clientId: `att-${Math.random().toString(36).slice(2)}`,
      kind: 'photo',
      mimeType: 'image/png',
      dataBase64: PNG,
      ...over,
    });

  beforeAll(async () => {
    // An agent of another team with a visit of their own crew today.
    const [other] = await demo.handle.db
      .select({ username: usersTable.username, visitId: visits.id })
      .from(visits)
      .innerJoin(crewMembers, eq(crewMembers.crewId, visits.crewId))
      .innerJoin(agents, eq(agents.id, crewMembers.agentId))
      .innerJoin(usersTable, eq(usersTable.id, agents.userId))
      .where(and(eq(visits.visitDate, TODAY), ne(visits.teamId, demo.teamId)))
      .limit(1);
    if (!other) throw new Error('no agent of another team with a visit today');
    outsider = await sessionUserFor(demo.handle, other.username);
    outsiderVisitId = other.visitId;
  }, 120_000);

  it("replaying another team's client id reveals nothing: the visit is not theirs, the id is taken", async () => {
    const mine = await upload({ clientId: 'att-secret-0001' });
    expect(mine.sha256).toMatch(/^[0-9a-f]{64}$/);
    const onTheirVisit = await failure(upload({ clientId: 'att-secret-0001' }, 'outsider'));
    expect(appCode(onTheirVisit)).toBe('NOT_YOUR_VISIT');
    const unknownVisit = await failure(
      upload({ clientId: 'att-secret-0002', visitId: '00000000-0000-4000-8000-000000000000' }, 'outsider'),
    );
    expect(appCode(unknownVisit)).toBe(appCode(onTheirVisit));
    const onOwnVisit = await failure(upload({ clientId: 'att-secret-0001', visitId: outsiderVisitId }, 'outsider'));
    expect(appCode(onOwnVisit)).toBe('CLIENT_ID_REUSED');
    expect(JSON.stringify(onOwnVisit.cause)).not.toContain(mine.sha256);
    // The owner's own replay still answers with the stored file.
    expect(await upload({ clientId: 'att-secret-0001' })).toEqual(mine);
  });

  it('refuses bytes that are not what the kind and type claim, with a clear 4xx on the file', async () => {
    const cases: Array<[string, Partial<UploadAttachmentInput>]> = [
      ['an EXE as a photo', { kind: 'photo', mimeType: 'image/jpeg', dataBase64: EXE }],
      ['HTML as a JPEG', { kind: 'photo', mimeType: 'image/jpeg', dataBase64: HTML }],
      ['a PNG declared as a JPEG', { kind: 'photo', mimeType: 'image/jpeg', dataBase64: PNG }],
      ['a PDF as a photo', { kind: 'photo', mimeType: 'application/pdf', dataBase64: PDF }],
      ['a photo as audio', { kind: 'audio', mimeType: 'audio/mp4', dataBase64: JPEG }],
      // The phone's "Attach audio" picker can hand over any file: a PNG stays a picture whatever it is called.
      ['a PNG declared as audio', { kind: 'audio', mimeType: 'image/png', dataBase64: PNG }],
      ['a PNG as an audio type', { kind: 'audio', mimeType: 'audio/mpeg', dataBase64: PNG }],
    ];
    for (const [label, input] of cases) {
      const err = await failure(upload(input, 'agent', 'zh-CN'));
      expect(err.code, label).toBe('BAD_REQUEST');
      expect(appCode(err), label).toBe('ATTACHMENT_TYPE_MISMATCH');
      expect(Object.keys(fieldErrorsOf(err)), label).toEqual(['dataBase64']);
      expect(err.message, label).toContain('文件');
    }
  });

  it('refuses data that is not base64 or is too short to be any file, and stores no empty file', async () => {
    // The input's base64 block refuses what is not base64; one decoded byte is no file format at all.
    for (const dataBase64 of ['@@@@not base64@@@@', 'iVBORw0KGgo=AAAA', '====', 'QQ', 'QQ==']) {
      const err = await failure(upload({ dataBase64 }));
      expect(err.code, dataBase64).toBe('BAD_REQUEST');
      // Refused by the schema (a zod issue) or by the content check (a domain error), on the file field either way.
      const issues = (err.cause as { issues?: Array<{ path: unknown[] }> }).issues;
      const fields = issues ? issues.map((i) => i.path.join('.')) : Object.keys(fieldErrorsOf(err));
      expect(fields, dataBase64).toEqual(['dataBase64']);
    }
    const empty = await demo.handle.db
      .select({ id: attachments.id })
      .from(attachments)
      .where(eq(attachments.sizeBytes, 0));
    expect(empty).toEqual([]);
  });

  it('accepts real files of each kind, a document as a photo of paper or a PDF, and a type left unknown', async () => {
    expect(await upload({ kind: 'photo', mimeType: 'image/jpeg', dataBase64: JPEG })).toMatchObject({
      mimeType: 'image/jpeg',
    });
    expect(await upload({ kind: 'document', mimeType: 'application/pdf', dataBase64: PDF })).toMatchObject({
      kind: 'document',
    });
    expect(await upload({ kind: 'document', mimeType: 'image/png', dataBase64: PNG })).toMatchObject({
      kind: 'document',
    });
    expect(await upload({ kind: 'audio', mimeType: 'audio/mp4', dataBase64: M4A })).toMatchObject({ kind: 'audio' });
    // A browser that cannot name the type sends application/octet-stream: the bytes decide, and are recorded.
    expect(await upload({ kind: 'photo', mimeType: 'application/octet-stream', dataBase64: PNG })).toMatchObject({
      mimeType: 'image/png',
    });
  });
});
