import { mkdirSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { SHOTS } from './browser';
import { startServer } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One server for the whole e2e run; tests read its URL with inject('baseUrl'). */
export default async function setup(project: TestProject) {
  mkdirSync(SHOTS, { recursive: true });
  const server = await startServer();
  project.provide('baseUrl', server.baseUrl);
  return () => server.stop();
}
