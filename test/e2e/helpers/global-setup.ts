import { mkdirSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { createPostgresTemplate } from '../../helpers/migrated-snapshot';
import { SHOTS } from './browser';
import { startServer } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/**
 * One server for the whole e2e run; tests read its URL with inject('baseUrl'). With TEST_DATABASE_URL, a template
 * database migrated once, from which each test server's database is copied (it still seeds its own demo city).
 */
export default async function setup(project: TestProject) {
  mkdirSync(SHOTS, { recursive: true });
  const serverUrl = process.env.TEST_DATABASE_URL;
  const template = serverUrl ? await createPostgresTemplate(serverUrl) : null;
  if (template) project.provide('postgresTemplate', template.name);
  try {
    const server = await startServer({ template: template?.name });
    project.provide('baseUrl', server.baseUrl);
    return async () => {
      await server.stop();
      await template?.drop();
    };
  } catch (err) {
    await template?.drop();
    throw err;
  }
}
