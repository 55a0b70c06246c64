import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import { AGENT_PHOTO_MAX_BYTES } from '../../../shared/schemas/agents';
import type { DbOrTx } from '../../db/client';
import { evidenceType } from './attachment.content';
import { findAgentPhoto, findCheckWithBadge, setAgentPhoto } from './badge.repo';
import { storeContentAddressed } from './content-store';

/** A type every phone and browser shows. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Puts an agent's ID photo on file: checked to be a JPEG, PNG or WebP by its bytes, stored content-addressed under
 * DATA_DIR/agent-photos and recorded on the agent. Agent management's upload (admin.setAgentPhoto) calls this.
 */
export async function storeAgentPhoto(
  deps: { db: DbOrTx; dataDir: string },
  agentId: string,
  bytes: Buffer,
  mimeType: string,
): Promise<{ sha256: string }> {
  const refuse = () => new AppError('AGENT_PHOTO_INVALID', { maxMb: (AGENT_PHOTO_MAX_BYTES / 1e6).toFixed(0) });
  if (bytes.length === 0 || bytes.length > AGENT_PHOTO_MAX_BYTES) throw refuse();
  let type: string;
  try {
    type = evidenceType('photo', mimeType, bytes);
  } catch {
    throw refuse();
  }
  if (!PHOTO_TYPES.has(type)) throw refuse();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await storeContentAddressed(deps.dataDir, 'agent-photos', sha256, bytes);
  await setAgentPhoto(deps.db, agentId, { sha256, mimeType: type });
  return { sha256 };
}

/** Where an agent's photo file is and its type, or null when none is on file. */
export async function agentPhotoFile(db: DbOrTx, dataDir: string, agentId: string) {
  const photo = await findAgentPhoto(db, agentId);
  if (!photo) return null;
  const root = resolve(dataDir, 'agent-photos');
  const path = resolve(root, photo.sha256.slice(0, 2), photo.sha256);
  // The hash is checked by the database to be hex, so the path cannot leave the folder; checked once more here.
  if (!path.startsWith(root + sep)) return null;
  return { path, mimeType: photo.mimeType, sha256: photo.sha256 };
}

// A borrower's page shows the photo right after the check; a check's address is not a lasting link to the face.
const CHECK_PHOTO_MINUTES = 30;

/**
 * The photo a borrower's check may show: only for a check that found the code valid, while the code is still
 * valid and for a while after the check. Anything else is null, answered like an unknown address.
 */
export async function photoForCheck(db: DbOrTx, dataDir: string, checkId: string, now: Date) {
  const check = await findCheckWithBadge(db, checkId);
  if (check?.result !== 'valid' || check.expiresAt <= now) return null;
  if (now.getTime() - check.checkedAt.getTime() > CHECK_PHOTO_MINUTES * 60_000) return null;
  return agentPhotoFile(db, dataDir, check.agentId);
}
