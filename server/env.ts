import { z } from 'zod';
import { newPassword } from '../shared/schemas/auth';
import { tileSources } from './security/csp';

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Asia/Shanghai' },
);

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    TZ_DEFAULT: timeZone.default('Asia/Shanghai'),
    /**
     * `on` (the default): an empty database gets the demo city. `off`: it starts with an empty organisation and
     * one admin (ADMIN_USERNAME / ADMIN_PASSWORD); nothing else is created.
     */
    DEMO_DATA: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
    /** The first admin's username when DEMO_DATA=off (letters, digits, dot, dash, underscore; 3–32). */
    ADMIN_USERNAME: z
      .string()
      .regex(/^[a-zA-Z0-9._-]{3,32}$/, 'must be 3 to 32 letters, digits, dots, dashes or underscores')
      .default('admin'),
    /** The first admin's password when DEMO_DATA=off; none: one is generated and printed once. */
    ADMIN_PASSWORD: z
      .string()
      .refine((p) => newPassword.safeParse(p).success, 'must be 10 to 256 characters without control characters')
      .optional(),
    TILE_URL: z
      .string()
      .regex(/\{z\}.*\{x\}.*\{y\}/, 'must contain {z}, {x} and {y} placeholders')
      // The browser's CSP names the tile server (server/security/csp.ts): a URL it cannot name is refused here.
      .superRefine((url, ctx) => {
        try {
          tileSources(url);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      })
      .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
    OSRM_URL: z.url({ message: 'must be a URL such as http://localhost:5000' }).optional(),
    /**
     * Where travel times come from for planning, the placement rules, the board and the field app
     * (server/modules/travel): `straight-line` (haversine × detour ÷ speed), `osrm` (the OSRM table service at
     * OSRM_URL) or `pgrouting` (pgRouting on the PostgreSQL of DATABASE_URL, roads from `npm run roads:import`).
     * Unset: `osrm` when OSRM_URL is set, otherwise `straight-line`.
     */
    ROUTING: z
      .enum(['straight-line', 'osrm', 'pgrouting'], { message: 'must be straight-line, osrm or pgrouting' })
      .optional(),
    /**
     * A Nominatim-compatible geocoder (`{GEOCODER_URL}/search?format=json&q=…`) for imported addresses without
     * coordinates; unset: they wait in "Needs a location" for a dispatcher to pin them.
     */
    GEOCODER_URL: z.url({ message: 'must be a URL such as https://nominatim.example.org' }).optional(),
    /**
     * The lender's SMS provider: borrower messages are POSTed here as JSON {to, text, reference}, signed with
     * HMAC-SHA256 under SMS_GATEWAY_SECRET (docs/messages.md). Unset: messages stay queued ("no gateway configured") and
     * the dispatcher copies their text.
     */
    SMS_GATEWAY_URL: z.url({ message: 'must be a URL such as https://sms.example.com/send' }).optional(),
    /** The shared secret of the SMS gateway's signatures (requests we send, receipts it sends back). */
    SMS_GATEWAY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    FULLCALENDAR_LICENSE_KEY: z.string().min(1).default('GPL-My-Project-Is-Open-Source'),
    SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
    /**
     * On PostgreSQL each app process keeps a signed-in session it has looked up for at most this long instead of
     * reading it on every request; an ended session (sign-out, deactivation, password reset) is announced to every
     * process at once (auth/session-cache.ts). 0: read on every request.
     */
    SESSION_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
    /**
     * How stale a long-open live stream's view of its session may get (server/modules/live/live.access.ts): it is
     * re-checked this often, and before an event is delivered when the last check is older. 0: before every event.
     */
    LIVE_RECHECK_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
    /**
     * The reports' own PostgreSQL connections per process (dashboard, visit table, exports): at most this many
     * report statements run at once, so a month's report cannot take the connections the hot reads wait for.
     */
    REPORTS_DB_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(2),
    /** A report statement running longer is cancelled and answered 503 REPORT_TOO_SLOW (PostgreSQL only). */
    REPORTS_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
    /**
     * Which proxies' X-Forwarded-For to believe for the client address (rate limits, audit): `loopback` (a
     * reverse proxy on this host, the default), `false`, `true` (any: only behind a proxy that overwrites the
     * header), a hop count, or comma-separated addresses/CIDRs.
     */
    TRUST_PROXY: z.string().default('loopback'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NODE_ENV: z.string().default('development'),
  })
  // A gateway without its secret could neither sign what it sends nor check a receipt: refuse to start.
  .refine((e) => !e.SMS_GATEWAY_URL || e.SMS_GATEWAY_SECRET, {
    path: ['SMS_GATEWAY_SECRET'],
    message: 'must be set when SMS_GATEWAY_URL is',
  })
  // Road engines need their address: OSRM its URL, pgRouting a PostgreSQL server (the embedded database has none).
  .refine((e) => e.ROUTING !== 'osrm' || e.OSRM_URL, { path: ['ROUTING'], message: 'osrm needs OSRM_URL' })
  .refine((e) => e.ROUTING !== 'pgrouting' || e.DATABASE_URL, {
    path: ['ROUTING'],
    message: 'pgrouting needs DATABASE_URL (a PostgreSQL server with pgRouting)',
  });

export type Env = z.infer<typeof envSchema>;

/** Settings whose value an error message must not repeat (it would land in a terminal or a log). */
const SECRETS = new Set(['ADMIN_PASSWORD', 'SESSION_SECRET', 'SMS_GATEWAY_SECRET']);

/** Reads and validates the configuration once; a bad value stops the process with a message naming it. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) =>
        `  ${i.path.join('.')}: ${i.message} (${
          SECRETS.has(String(i.path[0])) ? 'value not shown' : `got ${JSON.stringify(cleaned[String(i.path[0])])}`
        })`,
    );
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
