import { describe, expect, it } from 'vitest';
import en from '../../../client/src/i18n/bundles/en';
import type { Tree } from '../../../client/src/i18n/resources';

function strings(tree: Tree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : strings(v, `${prefix}${k}.`),
  );
}

// A number followed by a countable noun ("3 visits", "1 payment(s)"): English needs the singular for 1.
const NUMBER_AND_NOUN = /\{\{(\w+)\}\}\s+[a-z]+(?:s\b|\(s\))/gi;
// Units and words after a number that do not change with it.
const INVARIANT = /\{\{\w+\}\}\s+(km|h|min|ms|is|was|has|of|as)\b/i;

describe('English plurals', () => {
  const all = strings(en);
  const keys = new Set(all.map(([k]) => k));

  it('a number before a noun is i18next’s {{count}} with a _one and an _other form ("1 payment", "2 payments")', () => {
    const wrong = all.filter(([key, text]) => {
      const hits = [...text.matchAll(NUMBER_AND_NOUN)].filter((m) => !INVARIANT.test(m[0]));
      if (hits.length === 0) return false;
      const base = key.replace(/_(one|other)$/, '');
      const paired = keys.has(`${base}_one`) && keys.has(`${base}_other`);
      return !paired || hits.some((m) => m[1] !== 'count') || text.includes('(s)');
    });
    expect(wrong.map(([k, v]) => `${k}: ${v}`)).toEqual([]);
  });
});
