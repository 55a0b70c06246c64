import { describe, expect, it } from 'vitest';
import { evidenceType } from '../../../server/modules/field/attachment.content';

const file = (head: number[] | string) =>
  Buffer.concat([typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head), Buffer.alloc(32)]);
const iso = (brand: string) => file(`\0\0\0\x20ftyp${brand}\0\0\0\0`);

describe('evidence files are what they claim', () => {
  it('accepts the formats phones record, as the kinds they can be', () => {
    const accepted: Array<[Parameters<typeof evidenceType>[0], string, Buffer]> = [
      ['photo', 'image/jpeg', file([0xff, 0xd8, 0xff, 0xe1])],
      ['photo', 'image/gif', file('GIF89a')],
      ['photo', 'image/webp', file('RIFF\0\0\0\0WEBPVP8 ')],
      ['photo', 'image/heic', iso('heic')],
      ['document', 'image/heif', iso('mif1')],
      ['audio', 'audio/mpeg', file('ID3\x04')],
      ['audio', 'audio/mpeg', file([0xff, 0xfb, 0x90, 0x64])],
      ['audio', 'audio/aac', file([0xff, 0xf1, 0x50, 0x80])],
      ['audio', 'audio/wav', file('RIFF\0\0\0\0WAVEfmt ')],
      ['audio', 'audio/amr', file('#!AMR\n')],
      ['audio', 'audio/ogg', file('OggS\0')],
      ['audio', 'audio/webm', file([0x1a, 0x45, 0xdf, 0xa3])],
      ['video', 'video/webm', file([0x1a, 0x45, 0xdf, 0xa3])],
      ['audio', 'audio/x-m4a', iso('M4A ')],
      ['video', 'video/mp4', iso('isom')],
      ['video', 'video/quicktime', iso('qt  ')],
      ['video', 'video/quicktime', file('\0\0\0\x08wide')],
      ['video', 'video/3gpp', iso('3gp4')],
    ];
    for (const [kind, mime, bytes] of accepted) expect(evidenceType(kind, mime, bytes), `${kind} ${mime}`).toBe(mime);
    expect(evidenceType('audio', 'application/octet-stream', iso('M4A '))).toBe('audio/mp4');
    expect(evidenceType('video', 'application/octet-stream', iso('M4A '))).toBe('video/mp4');
    expect(evidenceType('document', 'application/octet-stream', file('%PDF-1.4'))).toBe('application/pdf');
  });

  it('refuses a format the kind cannot be, a type the bytes are not, and bytes of no known format', () => {
    const refused: Array<[Parameters<typeof evidenceType>[0], string, Buffer]> = [
      ['photo', 'image/heic', iso('isom')],
      ['video', 'video/mp4', iso('heic')],
      ['audio', 'audio/wav', file('RIFF\0\0\0\0WEBPVP8 ')],
      ['photo', 'image/jpeg', file('<svg xmlns="http://www.w3.org/2000/svg"/>')],
      ['document', 'application/pdf', file('PK\x03\x04')],
      ['photo', 'application/octet-stream', file([0x7f, 0x45, 0x4c, 0x46])],
      ['audio', 'audio/mpeg', file([0xff, 0xd8, 0xff, 0xe0])],
    ];
    for (const [kind, mime, bytes] of refused) {
      expect(() => evidenceType(kind, mime, bytes), `${kind} ${mime}`).toThrowError(
        expect.objectContaining({ code: 'ATTACHMENT_TYPE_MISMATCH' }),
      );
    }
  });
});
