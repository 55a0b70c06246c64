/**
 * The SMS gateway's contract (docs/messages.md): messages go out as a signed JSON POST, delivery receipts come
 * back signed the same way. Both directions sign `${timestamp}.${body}` with HMAC-SHA256 under
 * SMS_GATEWAY_SECRET, so a captured request cannot be replayed later with a new timestamp, nor its body changed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Env } from '../../env';

export const SIGNATURE_HEADER = 'x-doorstep-signature';
export const TIMESTAMP_HEADER = 'x-doorstep-timestamp';
/** How far a signed request's timestamp may be from our clock (either way) before it is refused. */
export const MAX_SIGNATURE_AGE_SECONDS = 300;
/** How long a send waits for the gateway's answer before it counts as failed (and is retried). */
export const GATEWAY_TIMEOUT_MS = 10_000;
/** How much of a refusal's text is kept as the message's last error. */
const MAX_ERROR_CHARS = 500;

/** The header value for `body` signed at `timestamp` (unix seconds). */
export function signatureOf(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The two headers a signed request carries. */
export function signedHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signatureOf(secret, timestamp, body) };
}

export type SignatureCheck = 'ok' | 'bad' | 'stale';

/**
 * Whether `body` was signed by the holder of `secret` within MAX_SIGNATURE_AGE_SECONDS of `now`. The signature is
 * checked first (constant-time), so an unsigned caller learns nothing about our clock.
 */
export function checkSignature(
  secret: string,
  body: string,
  headers: { timestamp: unknown; signature: unknown },
  now: Date,
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp) || typeof signature !== 'string') return 'bad';
  const expected = Buffer.from(signatureOf(secret, timestamp, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad';
  const age = Math.abs(now.getTime() / 1000 - Number(timestamp));
  return age > MAX_SIGNATURE_AGE_SECONDS ? 'stale' : 'ok';
}

export interface GatewayConfig {
  url: string;
  secret: string;
  timeoutMs: number;
}

/** The gateway this process sends through, or null: without both its URL and its secret nothing is sent. */
export function gatewayConfig(env: Env, timeoutMs = GATEWAY_TIMEOUT_MS): GatewayConfig | null {
  if (!env.SMS_GATEWAY_URL || !env.SMS_GATEWAY_SECRET) return null;
  return { url: env.SMS_GATEWAY_URL, secret: env.SMS_GATEWAY_SECRET, timeoutMs };
}

export interface OutgoingSms {
  to: string;
  text: string;
  /** The message id: the provider's idempotency key (the same reference twice is one SMS and the same id). */
  reference: string;
}

/**
 * What the gateway made of a send. `accepted`: it took the message (its id). `refused`: it answered 4xx (not
 * 429) — sending again would be refused again. `retry`: no usable answer (5xx, 429, timeout, network error,
 * garbage) — it may or may not have taken the message, and sending again with the same reference is safe.
 */
export type GatewayAnswer =
  | { outcome: 'accepted'; providerId: string }
  | { outcome: 'refused'; error: string }
  | { outcome: 'retry'; error: string };

const clip = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_CHARS);

/** What a refusal's body says: its `error` or `message` field, else its text. */
function refusalText(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    const said = typeof parsed.error === 'string' ? parsed.error : parsed.message;
    if (typeof said === 'string' && said.trim()) return clip(`${status}: ${said}`);
  } catch {
    // Not JSON: the text itself.
  }
  return clip(`${status}: ${body || 'no reason given'}`);
}

/** POSTs one SMS to the gateway and classifies the answer; never throws. */
export async function sendSms(config: GatewayConfig, sms: OutgoingSms, now: Date): Promise<GatewayAnswer> {
  const body = JSON.stringify({ to: sms.to, text: sms.text, reference: sms.reference });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), config.timeoutMs);
  try {
    const res = await fetch(config.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(config.secret, body, now) },
      body,
      signal: abort.signal,
      redirect: 'error',
    });
    const text = await res.text();
    if (res.status === 429 || res.status >= 500) return { outcome: 'retry', error: clip(`${res.status}: ${text}`) };
    if (res.status >= 400) return { outcome: 'refused', error: refusalText(res.status, text) };
    if (res.status < 200 || res.status >= 300) return { outcome: 'retry', error: clip(`${res.status}: ${text}`) };
    let id: unknown;
    try {
      id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    } catch {
      return { outcome: 'retry', error: clip(`${res.status}: not JSON: ${text}`) };
    }
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) {
      return { outcome: 'retry', error: clip(`${res.status}: no id in ${text}`) };
    }
    return { outcome: 'accepted', providerId: id };
  } catch (err) {
    if (abort.signal.aborted) return { outcome: 'retry', error: `no answer within ${config.timeoutMs} ms` };
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return {
      outcome: 'retry',
      error: clip(`${(err as Error).message}${cause ? `: ${cause.code ?? cause.message}` : ''}`),
    };
  } finally {
    clearTimeout(timer);
  }
}
