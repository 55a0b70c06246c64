import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Whether the stored bytes still hash to what was recorded at upload, or the file is gone. */
type Integrity = 'verified' | 'altered' | 'missing';

/**
 * The absolute path of a stored file, or null when the recorded path would leave DATA_DIR/attachments
 * (the database is not trusted to name any file on the server).
 */
export function storedFilePath(dataDir: string, storagePath: string): string | null {
  const root = resolve(dataDir, 'attachments');
  const abs = resolve(dataDir, storagePath);
  return abs.startsWith(root + sep) ? abs : null;
}

/** The size of a stored file, or null when it is missing. */
export async function storedFileSize(path: string | null): Promise<number | null> {
  if (!path) return null;
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/** Hashes the stored file (streamed: memory stays flat whatever its size) and compares it with the record. */
export async function checkIntegrity(dataDir: string, storagePath: string, sha256: string): Promise<Integrity> {
  const path = storedFilePath(dataDir, storagePath);
  if ((await storedFileSize(path)) === null) return 'missing';
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(path as string), hash);
  } catch {
    return 'missing';
  }
  return hash.digest('hex') === sha256 ? 'verified' : 'altered';
}

/** A read stream of a stored file. */
export function openStoredFile(path: string) {
  return createReadStream(path);
}

// What a browser may show in the page: raster images only. Everything else (and any type recorded from the
// phone that is not known here) is only ever downloaded, so a file cannot be rendered as a page of the app.
const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
  'application/pdf': 'pdf',
};

/** Whether the file may be shown inline (a photo in the timeline) rather than only downloaded. */
export function mayShowInline(kind: string, mimeType: string): boolean {
  return kind === 'photo' && INLINE_TYPES.has(mimeType);
}

/** The Content-Type to serve: the recorded one when it is a known media type, else opaque bytes. */
export function servedType(mimeType: string): string {
  return EXTENSIONS[mimeType] ? mimeType : 'application/octet-stream';
}

/** A file name that says what the file is without naming the borrower: doorstep-<date>-<kind>-<hash>.<ext>. */
export function evidenceFileName(e: { visitDate: string; kind: string; sha256: string; mimeType: string }): string {
  return `doorstep-${e.visitDate}-${e.kind}-${e.sha256.slice(0, 12)}.${EXTENSIONS[e.mimeType] ?? 'bin'}`;
}
