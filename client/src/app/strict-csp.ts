// Imported first by main.tsx: makes the libraries that would otherwise trip the page's CSP behave.
import { z } from 'zod';
import { cspNonce } from '../lib/csp-nonce';

// No 'unsafe-eval': without this zod probes for eval with `new Function` on its first parse, and the browser
// reports the probe as a violation even though zod catches the error.
z.config({ jitless: true });

// Mantine's modals and drawers lock scrolling with a <style> element from react-remove-scroll, which takes
// its nonce from get-nonce; get-nonce falls back to this global (named after webpack, which set it first).
(globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = cspNonce() || undefined;
