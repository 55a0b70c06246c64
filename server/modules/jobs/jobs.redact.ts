/**
 * A failed job's error as the admin's Jobs page shows it: the message only (no stack: file paths and code are
 * for the log), cut short, with anything secret taken out — the configured secrets wherever they appear, the
 * password of a connection URL, and the value after a word like "secret", "token", "password" or "signature"
 * (an HTTP client's error may quote a request's headers or URL).
 */
const MAX_CHARS = 500;
const REDACTED = '[redacted]';

const SECRET_AFTER_WORD =
  /\b((?:[a-z_-]*(?:secret|token|password|passwd|signature|authorization|api[_-]?key|cookie))["']?\s*[:=]\s*["']?)(?:bearer\s+)?[^\s"',;&]+/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi;

function messageOf(output: unknown): string | null {
  if (output == null) return null;
  if (typeof output === 'string') return output;
  if (typeof output === 'object') {
    const o = output as { message?: unknown; value?: unknown };
    if (typeof o.message === 'string') return o.message;
    if (o.value !== undefined) return messageOf(o.value);
  }
  return JSON.stringify(output);
}

/** The error of a job's `output` without secrets, or null when it has none. */
export function redactJobError(output: unknown, secrets: readonly (string | undefined)[]): string | null {
  let text = messageOf(output);
  if (text == null) return null;
  for (const secret of secrets) if (secret && secret.length >= 4) text = text.split(secret).join(REDACTED);
  text = text.replace(URL_PASSWORD, `$1${REDACTED}@`).replace(SECRET_AFTER_WORD, `$1${REDACTED}`);
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}…` : text;
}
