/**
 * How a command-line tool ends: `main`'s number is the exit code; a thrown error prints its message alone (no stack:
 * the user fixes an argument or a setting, not the code) and exits 2 when `isUsage` says it is the user's to fix,
 * else 1.
 */
export function exitWith(main: () => Promise<number>, isUsage: (err: unknown) => boolean, prefix = ''): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`${prefix}${err instanceof Error ? err.message : err}`);
      process.exit(isUsage(err) ? 2 : 1);
    },
  );
}
