import { mkdirSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { createPostgresTemplate } from '../../helpers/migrated-snapshot';
import { SHOTS } from './browser';
import { startServer } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The local date (Asia/Shanghai) the shared server's demo city is centred on: every test's "today". */
    seedDate: string;
  }
}

/**
 * One server for the whole e2e run; tests read its URL with inject('baseUrl') and the day its data was seeded for
 * with inject('seedDate') — never the wall clock's date, which moves on at midnight in Shanghai (16:00 UTC). With TEST_DATABASE_URL, a template
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
    project.provide('seedDate', server.seedDate);
    return async () => {
      await server.stop();
      await template?.drop();
    };
  } catch (err) {
    await template?.drop();
    throw err;
  }
}
