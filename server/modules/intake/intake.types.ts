/**
 * The shapes the parts of case intake hand each other: the parser's sheet, the context an import runs in (a signed-in
 * user, a service token or the command line) and the request every way in builds.
 */

import type { Logger } from 'pino';
import type { ColumnMapping, ImportChannel } from '../../../shared/domain/intake';
import type { Locale } from '../../../shared/errors';
import type { Db } from '../../db/client';

/** A file read into text cells: the header row and the data rows (row 1 = the first after the header). */
export interface ParsedSheet {
  header: string[];
  rows: string[][];
  format: 'csv' | 'xlsx';
  /** CSV only: what was detected. */
  encoding?: 'utf-8' | 'gbk';
  delimiter?: ',' | ';' | '\t';
}

/** The file as it arrived. */
export interface IncomingFile {
  bytes: Buffer;
  fileName: string;
  /** text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, or '' (guessed from the bytes). */
  contentType: string;
}

/**
 * What an import runs with: not an AuthedContext, because the command line has no user and the API has a token.
 * The caller has already checked that the actor may import into the team.
 */
export interface IntakeContext {
  db: Db;
  log: Logger;
  locale: Locale;
  now: () => Date;
  actor: { userId: string | null; tokenId: string | null };
  /** Set by the server: the geocoder's base URL (GEOCODER_URL), when configured. */
  geocoderUrl?: string | null;
  /**
   * How the geocoder is asked: least time between requests (default 1000 ms, Nominatim's policy) and a request's
   * timeout (default 5000 ms). Tests shorten them; the server keeps the defaults.
   */
  geocoderPace?: { minIntervalMs?: number; timeoutMs?: number };
}

export interface ImportRequest {
  teamId: string;
  channel: ImportChannel;
  file: IncomingFile;
  /** The lender system's name: its saved mapping is used when `mapping` is not given, and saved when it is. */
  source?: string | null;
  /** null: the saved mapping of `source`, else one guessed from the header. */
  mapping?: ColumnMapping | null;
  dryRun: boolean;
  /** Import nothing when any row is rejected. */
  allOrNothing: boolean;
  /** A browser upload the run came from (kept on the run record). */
  uploadId?: string | null;
  /** Told after each batch, for the browser's progress bar. */
  onProgress?: (processed: number, total: number) => Promise<void> | void;
}
