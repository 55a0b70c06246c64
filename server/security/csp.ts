/**
 * The Content-Security-Policy the web app runs under, as helmet takes it (headers.ts). Pure, so env validation can
 * reject a TILE_URL it cannot express.
 */

/**
 * Where map tiles may come from, as CSP sources: TILE_URL's scheme, host and port. A placeholder in the host
 * (Leaflet's `{s}` subdomains: a, b, c) becomes a `*.` wildcard over the labels to its right; a relative
 * TILE_URL (tiles served by this host) needs nothing beyond 'self'.
 */
export function tileSources(tileUrl: string): string[] {
  const match = /^((?:https?:)?)\/\/(?:[^@/?#]*@)?([^/?#:]+)(:\d+)?(?:[/?#]|$)/i.exec(tileUrl);
  if (!match) {
    if (/^[a-z][a-z\d+.-]*:/i.test(tileUrl)) throw new Error('must be an http(s) URL or a path on this host');
    return [];
  }
  const [, scheme = '', host = '', port = ''] = match;
  const labels = host.toLowerCase().split('.');
  const last = labels.findLastIndex((label) => label.includes('{'));
  if (last === -1) return [`${scheme}//${host.toLowerCase()}${port}`.replace(/^\/\//, '')];
  const rest = labels.slice(last + 1);
  // `*.com` would let every site on the internet serve "tiles"; insist on a registrable domain at least.
  if (rest.length < 2 || rest.some((label) => !/^[a-z\d-]+$/.test(label))) {
    throw new Error('a placeholder in the host must be followed by the tile server’s own domain');
  }
  return [`${scheme}//*.${rest.join('.')}${port}`.replace(/^\/\//, '')];
}

/**
 * The policy directives. Everything the app loads is its own (scripts, styles, fonts, tRPC calls, the
 * service worker) except map tiles; the page's shell adds its own nonce to script-src and style-src (headers.ts).
 */
export function cspDirectives(tileUrl: string): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // Mantine (theme variables, responsive props) and FullCalendar write <style> elements at run time; both
    // take the response's nonce from <meta name="csp-nonce">, so no 'unsafe-inline' is needed.
    styleSrc: ["'self'"],
    // data: for images Vite inlines and Leaflet's icons; blob: for downloaded exports and object URLs.
    imgSrc: ["'self'", 'data:', 'blob:', ...tileSources(tileUrl)],
    connectSrc: ["'self'"],
    // FullCalendar's icon font is a data: URL inside the stylesheet it injects.
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  };
}
