/**
 * The shell's reads: the only tRPC answers the service worker keeps for a reload without signal, and only for a
 * request whose every call is one of these. The one list: the page (lib/trpc.ts) sends these calls in a batch of
 * their own, and the build writes the same list into the worker (sw.js, bundled by scripts/service-worker.ts).
 * Not the route (field.today): the page keeps its own copy of it on the phone, which also holds what the phone did
 * since (a check-in the server confirmed). A kept answer is as old as the last one that got through: handed to a
 * re-read that lost its signal on the way (CI, session 25), it put a stop back to before its check-in and took the
 * outcome button away. A change to this list changes what the worker's cache holds: bump its CACHE name (sw.js).
 */
export const SHELL_READS: readonly string[] = ['auth.me', 'config.public'];
