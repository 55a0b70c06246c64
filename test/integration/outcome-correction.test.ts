import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import type { RecordOutcomeInput } from '../../shared/schemas/field';
import { PNG, wav } from '../helpers/files';
import { arriveAt, setUpFieldDay } from './field-helpers';
import { appCode, failure } from './helpers/calls';
import { clientView } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';

/**
 * Correcting an outcome keeps its evidence: the recording, the signed document and the photos of the version
 * it corrects stay with the new version (by reference) unless the agent removes one on purpose, which is
 * audited. Before, version 2 was written with no recordings and no files, and a false "No recording" breach
 * appeared.
 */
describe('outcome corrections carry the evidence over (real router, real DB)', () => {
  const demo = setUpFieldDay();
  let now: Date;
  const files = { audio: '', document: '', photo: '' };
  const agent = () => createCaller(makeContext(demo.handle, demo.users.agent, { now }));
  const manager = () => createCaller(makeContext(demo.handle, demo.users.manager, { now }));
  const versions = () => agent().field.outcomeVersions({ visitId: demo.stop.id });
  const base = (over: Partial<RecordOutcomeInput>): RecordOutcomeInput => ({
    visitId: demo.stop.id,
    clientId: 'corr-v1-0001',
    code: 'refused',
    idShown: true,
    recordingMade: true,
    identityVerified: true,
    borrowerPresent: true,
    signedCommitment: true,
    attachmentIds: [],
    nextAction: 'none',
    ...over,
  });

  beforeAll(async () => {
    now = await arriveAt(demo.handle, demo.users, demo.stop, 'corr-arrive');
    const upload = async (kind: 'audio' | 'document' | 'photo', mimeType: string, data: string) =>
      (
        await agent().field.uploadAttachment({
          visitId: demo.stop.id,
          clientId: `corr-${kind}`,
          kind,
          mimeType,
          dataBase64: data,
        })
      ).id;
    files.audio = await upload('audio', 'audio/wav', wav(400).toString('base64'));
    files.document = await upload('document', 'image/png', PNG.toString('base64'));
    files.photo = await upload('photo', 'image/png', PNG.toString('base64'));
    await agent().field.recordOutcome(
      base({
        attachmentIds: [files.audio, files.document, files.photo],
        assetsObserved: 'Rented two-room flat; an e-bike, no car.',
        notes: 'Refused to discuss a plan.',
      }),
    );
  }, 120_000);

  it('lists each version with what the correction form starts from: recording, signed document, assets, files', async () => {
    const [v1] = await versions();
    expect(v1).toMatchObject({
      version: 1,
      recordingMade: true,
      recordingRef: null,
      signedCommitment: true,
      signedDocumentRef: files.document,
      assetsObserved: 'Rented two-room flat; an e-bike, no car.',
    });
    expect(v1?.attachments.map((a) => [a.id, a.kind]).sort()).toEqual(
      [
        [files.audio, 'audio'],
        [files.document, 'document'],
        [files.photo, 'photo'],
      ].sort(),
    );
  });

  it('a correction that names no files keeps the recording, the signed document and the photo; no false breach', async () => {
    const v2 = await agent().field.recordOutcome(
      base({
        clientId: 'corr-v2-0001',
        code: 'dispute',
        correctionReason: 'Borrower disputes the amount',
        correctsVersion: 1,
      }),
    );
    expect(v2.version).toBe(2);
    const [, second] = await versions();
    expect(second).toMatchObject({ recordingMade: true, signedCommitment: true, signedDocumentRef: files.document });
    expect(second?.attachments.map((a) => a.id).sort()).toEqual([files.audio, files.document, files.photo].sort());
    const { rows: exceptions } = await manager().compliance.exceptions({
      filter: { from: TODAY, to: TODAY },
      pageSize: 200,
    });
    const mine = exceptions.filter((e) => e.visitId === demo.stop.id).map((e) => e.rule);
    expect(mine).not.toContain('no_recording');
  });

  it('removing a file is explicit, checked against the rules and audited', async () => {
    // The only recording cannot go while the outcome still says a recording was made (and names no reference).
    const noAudio = await failure(
      agent().field.recordOutcome(
        base({
          clientId: 'corr-v3-a',
          code: 'dispute',
          correctionReason: 'Wrong recording attached',
          correctsVersion: 2,
          removedAttachmentIds: [files.audio],
        }),
      ),
    );
    expect(clientView(demo.handle, noAudio).fieldErrors).toEqual({
      recordingRef: 'add the recording reference or attach the audio',
    });
    // Only a file of the version corrected can be removed.
    const foreign = await failure(
      agent().field.recordOutcome(
        base({
          clientId: 'corr-v3-b',
          code: 'dispute',
          correctionReason: 'Remove a file',
          correctsVersion: 2,
          removedAttachmentIds: ['00000000-0000-4000-8000-000000000000'],
        }),
      ),
    );
    expect(appCode(foreign)).toBe('VALIDATION');
    expect(clientView(demo.handle, foreign).fieldErrors).toEqual({
      removedAttachmentIds: 'only a file of the outcome being corrected can be removed',
    });

    const v3 = await agent().field.recordOutcome(
      base({
        clientId: 'corr-v3-0001',
        code: 'dispute',
        correctionReason: 'The photo shows a neighbour’s door',
        correctsVersion: 2,
        removedAttachmentIds: [files.photo],
      }),
    );
    const [, , third] = await versions();
    expect(third?.attachments.map((a) => a.id).sort()).toEqual([files.audio, files.document].sort());
    // Version 2 still stands on all three: a removal never rewrites history.
    const [, second] = await versions();
    expect(second?.attachments).toHaveLength(3);
    const removal = await demo.handle.db
      .select({ after: auditLog.after, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, v3.outcomeId), eq(auditLog.action, 'outcome.files_removed')));
    expect(removal).toHaveLength(1);
    expect(removal[0]?.actor).toBe(demo.users.agent.id);
    expect(removal[0]?.after).toMatchObject({
      version: 3,
      files: [expect.objectContaining({ id: files.photo, kind: 'photo' })],
    });
    // The visit's history tells it as a sentence.
    const timeline = await manager().reports.timeline({ visitId: demo.stop.id });
    const sentence = timeline.events.find((e) => e.history?.action === 'outcome.files_removed');
    expect(sentence?.history?.params).toMatchObject({ count: 1, kinds: ['photo'], version: 3 });
    // The timeline's outcome entries show the assets observed.
    const outcomes = timeline.events.filter((e) => e.kind === 'outcome');
    expect(outcomes[0]?.details.assetsObserved).toBe('Rented two-room flat; an e-bike, no car.');
    expect(outcomes[2]?.details.files).toBe(2);
  });
  it('the corrected versions verify: each one’s hash covers the files it stands on, carried over or not', async () => {
    const r = await manager().audit.verify();
    expect(r.outcomes.firstBroken).toBeNull();
    expect(r.outcomes.checked).toBeGreaterThanOrEqual(3);
  });
});
