/**
 * A Content-Disposition header for a file the server sends (evidence, rejected import rows). RFC 6266 / 5987: an
 * ASCII fallback and the exact name, so no header injection and no mangled names.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\w.-]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
