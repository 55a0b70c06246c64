import { AppError } from '../../../shared/errors';
import type { ATTACHMENT_KINDS } from '../../../shared/schemas/field';

type Kind = (typeof ATTACHMENT_KINDS)[number];

/** A file format recognised by its first bytes: the kinds of evidence it can be and its MIME types. */
interface Format {
  kinds: readonly Kind[];
  /** Accepted declarations; per kind, the first one of the kind's top-level type is the canonical one. */
  mimes: readonly string[];
  test: (b: Buffer) => boolean;
}

const ascii = (b: Buffer, at: number, text: string) => b.subarray(at, at + text.length).toString('latin1') === text;
const bytesAt = (b: Buffer, at: number, sig: number[]) => sig.every((v, i) => b[at + i] === v);
/** The major brand of an ISO base media file (MP4, M4A, MOV, 3GP, HEIC, AVIF), or null. */
const isoBrand = (b: Buffer) => (ascii(b, 4, 'ftyp') ? b.subarray(8, 12).toString('latin1') : null);
const IMAGE_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis']);

const PICTURE: readonly Kind[] = ['photo', 'document'];
const RECORDING: readonly Kind[] = ['audio', 'video'];

const FORMATS: readonly Format[] = [
  { kinds: PICTURE, mimes: ['image/jpeg', 'image/jpg', 'image/pjpeg'], test: (b) => bytesAt(b, 0, [0xff, 0xd8, 0xff]) },
  {
    kinds: PICTURE,
    mimes: ['image/png'],
    test: (b) => bytesAt(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  { kinds: PICTURE, mimes: ['image/gif'], test: (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a') },
  { kinds: PICTURE, mimes: ['image/webp'], test: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
  {
    kinds: PICTURE,
    mimes: ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence', 'image/avif'],
    test: (b) => IMAGE_BRANDS.has(isoBrand(b) ?? ''),
  },
  { kinds: ['document'], mimes: ['application/pdf'], test: (b) => ascii(b, 0, '%PDF-') },
  {
    kinds: ['audio'],
    mimes: ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
    test: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE'),
  },
  {
    kinds: ['audio'],
    mimes: ['audio/mpeg', 'audio/mp3'],
    // An ID3 tag, or an MPEG audio frame header (11 sync bits, layer not "reserved").
    test: (b) => ascii(b, 0, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0 && ((b[1] ?? 0) & 0x06) !== 0),
  },
  // ADTS: the sync bits with layer 00 (an MP3 frame has layer ≠ 00).
  {
    kinds: ['audio'],
    mimes: ['audio/aac', 'audio/aacp', 'audio/x-aac'],
    test: (b) => b[0] === 0xff && ((b[1] ?? 0) & 0xf6) === 0xf0,
  },
  { kinds: ['audio'], mimes: ['audio/amr', 'audio/amr-wb'], test: (b) => ascii(b, 0, '#!AMR') },
  {
    kinds: RECORDING,
    mimes: ['audio/ogg', 'video/ogg', 'audio/opus', 'application/ogg'],
    test: (b) => ascii(b, 0, 'OggS'),
  },
  {
    kinds: RECORDING,
    mimes: ['audio/webm', 'video/webm', 'video/x-matroska', 'audio/x-matroska'],
    test: (b) => bytesAt(b, 0, [0x1a, 0x45, 0xdf, 0xa3]),
  },
  {
    kinds: RECORDING,
    mimes: [
      'audio/mp4',
      'audio/x-m4a',
      'audio/m4a',
      'audio/3gpp',
      'audio/3gpp2',
      'video/mp4',
      'video/quicktime',
      'video/x-m4v',
      'video/3gpp',
      'video/3gpp2',
    ],
    // Any other ISO media brand; older QuickTime files start with a movie or data atom instead.
    test: (b) => {
      const brand = isoBrand(b);
      return brand ? !IMAGE_BRANDS.has(brand) : ['moov', 'mdat', 'wide', 'free'].some((atom) => ascii(b, 4, atom));
    },
  },
];

/** What a browser declares when it cannot name a file's type: the bytes decide. */
const UNKNOWN_TYPE = 'application/octet-stream';
const TOP_LEVEL: Record<Kind, string> = { photo: 'image/', audio: 'audio/', video: 'video/', document: '' };
/**
 * The MIME type to record for evidence of `kind` declared as `mimeType` (the input's base64 block has already
 * checked the encoding; no bytes at all match no format): the file's first bytes must be a format
 * that kind can be (a photo an image, a document an image or a PDF, a recording audio or video) and the declared
 * type one of that format's, or unknown (then the format's own type is recorded). Anything else — an executable
 * called a photo, HTML called a JPEG — is refused on the file field.
 */
export function evidenceType(kind: Kind, mimeType: string, bytes: Buffer): string {
  const declared = mimeType.toLowerCase();
  const format = FORMATS.find((f) => f.test(bytes));
  if (format?.kinds.includes(kind)) {
    if (format.mimes.includes(declared)) return declared;
    if (declared === UNKNOWN_TYPE) return format.mimes.find((m) => m.startsWith(TOP_LEVEL[kind])) ?? UNKNOWN_TYPE;
  }
  throw new AppError('ATTACHMENT_TYPE_MISMATCH', { kind, mimeType }, { dataBase64: 'ATTACHMENT_TYPE_MISMATCH' });
}
