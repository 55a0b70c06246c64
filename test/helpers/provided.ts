import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of a PGlite data directory the real migrations ran on, made by this run's global setup. */
    pgliteSnapshot?: string;
    /** A PostgreSQL database the real migrations ran on, made by this run's global setup: a template to copy. */
    postgresTemplate?: string;
  }
}

/** What the run's global setup provided, or nothing outside vitest (the benches import the test helpers too). */
export function provided<K extends 'pgliteSnapshot' | 'postgresTemplate'>(key: K): string | undefined {
  return process.env.VITEST ? inject(key) : undefined;
}
