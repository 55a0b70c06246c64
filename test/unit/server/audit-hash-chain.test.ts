import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH } from '../../../server/modules/audit/hash-chain';

describe('audit hash chain', () => {
  it('serialises objects independently of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe('{"a":{"c":null,"d":[1,2]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('changes the link when the content or the previous link changes', () => {
    const h1 = chainHash(GENESIS_HASH, { action: 'x', after: { n: 1 } });
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { action: 'x', after: { n: 2 } })).not.toBe(h1);
    expect(chainHash(h1, { action: 'x', after: { n: 1 } })).not.toBe(h1);
    expect(chainHash(GENESIS_HASH, { after: { n: 1 }, action: 'x' })).toBe(h1);
  });
});
