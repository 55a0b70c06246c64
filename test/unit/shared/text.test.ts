import { describe, expect, it } from 'vitest';
import { storableText, unsafeCharIn } from '../../../shared/text';

describe('text that may be stored', () => {
  it('finds NUL, other control characters and lone surrogates; keeps surrogate pairs', () => {
    expect(unsafeCharIn('plain 文字 😀', { multiline: false })).toBeNull();
    expect(unsafeCharIn('a\u0000b', { multiline: true })).toBe('control');
    expect(unsafeCharIn('a\u001bb', { multiline: true })).toBe('control');
    expect(unsafeCharIn('a\u007fb', { multiline: false })).toBe('control');
    expect(unsafeCharIn('line\nnext\tcol\r\n', { multiline: true })).toBeNull();
    expect(unsafeCharIn('line\nnext', { multiline: false })).toBe('control');
    expect(unsafeCharIn('ab\ud800cd', { multiline: false })).toBe('lone_surrogate');
    expect(unsafeCharIn('ab\udc00', { multiline: false })).toBe('lone_surrogate');
    expect(unsafeCharIn('\ud83d', { multiline: false })).toBe('lone_surrogate');
  });

  it('replaces what cannot be stored by U+FFFD and leaves everything else as it is', () => {
    expect(storableText('ok 😀\n')).toBe('ok 😀\n');
    expect(storableText('a\u0000b\ud800c\udc00😀\ud83d')).toBe('a\ufffdb\ufffdc\ufffd😀\ufffd');
  });
});
