// Loads the TypeScript worker when running from sources: registers tsx in this thread, then imports it.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./solver-worker.ts', import.meta.url).href);
