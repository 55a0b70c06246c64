/** Tamper evidence (SPEC §6): re-computes the audit log's and the outcome versions' hash chains. */
import type { DbOrTx } from '../../db/client';
import { auditHashContent } from './audit.service';
import {
  type AuditRow,
  findAuditBatch,
  findOutcomeChainRows,
  findOutcomeFileHashes,
  findOutcomeVisitBatch,
  findPlanInstalments,
  type VisitRange,
} from './audit-verify.repo';
import { chainHash, GENESIS_HASH, type HashedPlan, outcomeHashContent } from './hash-chain';

type BrokenReason = 'prev_hash_mismatch' | 'hash_mismatch';

interface AuditChainReport {
  checked: number;
  /** The first entry whose link does not hold, or null when the whole chain verifies. */
  firstBroken: { id: number; reason: BrokenReason } | null;
}

const BATCH = 2000;

/** Walks the audit log from the first entry and stops at the first link that does not verify. */
export async function verifyAuditChain(db: DbOrTx): Promise<AuditChainReport> {
  let prev = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await findAuditBatch(db, afterId, BATCH);
    for (const row of rows) {
      checked++;
      const reason = auditLinkProblem(row, prev);
      if (reason) return { checked, firstBroken: { id: row.id, reason } };
      prev = row.hash;
    }
    if (rows.length < BATCH) return { checked, firstBroken: null };
    afterId = (rows[rows.length - 1] as AuditRow).id;
  }
}

function auditLinkProblem(row: AuditRow, prev: string): BrokenReason | null {
  if (row.prevHash !== prev) return 'prev_hash_mismatch';
  return chainHash(row.prevHash, auditHashContent(row)) === row.hash ? null : 'hash_mismatch';
}

interface OutcomeChainReport {
  checked: number;
  /** Versions written before outcomes were chained (no hash): reported, not treated as tampering. */
  unchained: number;
  firstBroken: { id: string; visitId: string; version: number; reason: BrokenReason } | null;
}

/** Visits whose outcome versions are read and checked together (keyset batches, like the audit log's). */
const VISIT_BATCH = 1000;

/**
 * Verifies each visit's chain of outcome versions, a batch of visits at a time so memory stays bounded;
 * rows without a hash count as not chained.
 */
export async function verifyOutcomeChains(db: DbOrTx, visitsPerBatch = VISIT_BATCH): Promise<OutcomeChainReport> {
  const report = { checked: 0, unchained: 0 };
  let after: string | null = null;
  for (;;) {
    const visitIds = await findOutcomeVisitBatch(db, after, visitsPerBatch);
    const last = visitIds.at(-1);
    if (last === undefined) return { ...report, firstBroken: null };
    const broken = await verifyOutcomeBatch(db, { after, last }, report);
    if (broken) return { ...report, firstBroken: broken };
    if (visitIds.length < visitsPerBatch) return { ...report, firstBroken: null };
    after = last;
  }
}

/** Checks the chains of one range of visits, adding to the running counts; the first broken link, if any. */
async function verifyOutcomeBatch(
  db: DbOrTx,
  range: VisitRange,
  report: { checked: number; unchained: number },
): Promise<OutcomeChainReport['firstBroken']> {
  const [rows, planRows, fileRows] = await Promise.all([
    findOutcomeChainRows(db, range),
    findPlanInstalments(db, range),
    findOutcomeFileHashes(db, range),
  ]);
  const plans = new Map<string, HashedPlan>();
  for (const p of planRows) {
    const plan = plans.get(p.outcomeId) ?? { channel: p.channel, instalments: [] };
    plan.instalments.push({ dueDate: p.dueDate, amountCents: p.amountCents });
    plans.set(p.outcomeId, plan);
  }
  const files = new Map<string, string[]>();
  for (const f of fileRows) files.set(f.outcomeId, [...(files.get(f.outcomeId) ?? []), f.sha256]);
  let prevVisit: string | null = null;
  let prev: string | null = null;
  for (const row of rows) {
    if (row.visitId !== prevVisit) {
      prevVisit = row.visitId;
      prev = GENESIS_HASH;
    }
    if (!row.hash) {
      report.unchained++;
      prev = null;
      continue;
    }
    report.checked++;
    // After an unchained version the next chained one starts from whatever it recorded as its predecessor.
    const expectedPrev = prev ?? row.prevHash;
    const reason: BrokenReason | null =
      row.prevHash !== expectedPrev
        ? 'prev_hash_mismatch'
        : chainHash(
              row.prevHash ?? GENESIS_HASH,
              outcomeHashContent(row, plans.get(row.id) ?? null, files.get(row.id) ?? []),
            ) === row.hash
          ? null
          : 'hash_mismatch';
    if (reason) return { id: row.id, visitId: row.visitId, version: row.version, reason };
    prev = row.hash;
  }
  return null;
}
