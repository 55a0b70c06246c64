/**
 * This page's CSP style nonce, which the server writes into `<meta name="csp-nonce">` of every page it
 * serves (server/client-app.ts). A <style> element the app creates must carry it or the browser ignores it;
 * empty under the Vite dev server, which sends no CSP.
 */
export function cspNonce(): string {
  return document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
}
