// Imported first by main.tsx: makes the libraries that would otherwise trip the page's CSP behave.
import { cspNonce } from '../lib/csp-nonce';

// No 'unsafe-eval': without this zod probes for eval with `new Function` on its first parse, and the browser
// reports the probe as a violation even though zod catches the error. This is what `z.config({ jitless: true })`
// writes (zod keeps its settings in this global and adopts one that is already there), set without importing
// zod, which would put it into the first download of every page while only some pages use it.
const zodSettings = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
zodSettings.__zod_globalConfig = { ...zodSettings.__zod_globalConfig, jitless: true };

// Mantine's modals and drawers lock scrolling with a <style> element from react-remove-scroll, which takes
// its nonce from get-nonce; get-nonce falls back to this global (named after webpack, which set it first).
(globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = cspNonce() || undefined;
