/** Display formatting: every date/time is shown in an explicit IANA zone (the team's), never the browser's. */

const cache = new Map<string, Intl.DateTimeFormat>();

function dtf(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

/** "14:05" in the zone. */
export function formatTime(iso: string, timeZone: string, locale: string): string {
  return dtf(locale, timeZone, TIME).format(new Date(iso));
}

/** "2026/11/28" (zh-CN) or "11/28/2026" (en) in the zone. */
export function formatDate(iso: string, timeZone: string, locale: string): string {
  return dtf(locale, timeZone, DATE).format(new Date(iso));
}

/** Date and time in the zone. */
export function formatDateTime(iso: string, timeZone: string, locale: string): string {
  return dtf(locale, timeZone, { ...DATE, ...TIME }).format(new Date(iso));
}

/** "14:00–16:00" for a slot, in the zone. */
export function formatSlot(startIso: string, endIso: string, timeZone: string, locale: string): string {
  return `${formatTime(startIso, timeZone, locale)}–${formatTime(endIso, timeZone, locale)}`;
}

/** A calendar date given as YYYY-MM-DD, shown in the locale's order without shifting through any zone. */
export function formatCalendarDate(date: string, locale: string): string {
  return dtf(locale, 'UTC', DATE).format(new Date(`${date}T00:00:00Z`));
}

/** Integer fen → "¥1,234.50". */
export function formatMoney(cents: number, locale: string): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const yuan = Math.trunc(abs / 100);
  const fen = String(abs % 100).padStart(2, '0');
  return `${sign}¥${new Intl.NumberFormat(locale).format(yuan)}.${fen}`;
}
