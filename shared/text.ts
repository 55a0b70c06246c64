/**
 * What text may hold before it is stored. PostgreSQL refuses NUL (U+0000) in `text` and `jsonb`, and a lone
 * UTF-16 surrogate (half of an emoji, e.g. from a string cut in the middle) cannot be encoded as UTF-8: both
 * made the database throw, and the request answer 500, before the input blocks refused them.
 */

/** Why a string is not safe to store, or null: a control character (NUL included) or a lone surrogate. */
export function unsafeCharIn(text: string, opts: { multiline: boolean }): 'control' | 'lone_surrogate' | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      // Tab and line breaks belong in notes and files; in a name or a reference they are a pasting accident.
      const lineBreakOrTab = c === 0x09 || c === 0x0a || c === 0x0d;
      if (!(opts.multiline && lineBreakOrTab)) return 'control';
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'lone_surrogate';
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return 'lone_surrogate';
    }
  }
  return null;
}

/** The string with every NUL and lone surrogate replaced by U+FFFD, so it can be stored whatever reached here. */
export function storableText(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let bad = c === 0;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else bad = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      bad = true;
    }
    if (bad) {
      out += `${text.slice(from, i)}\ufffd`;
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
