import type { TestProject } from 'vitest/node';
import { createPostgresTemplate, writePgliteSnapshot } from './migrated-snapshot';

/**
 * Migrates once per run, so each test file starts from a copy instead of migrating its own database: a PGlite
 * snapshot, and with TEST_DATABASE_URL a template database on that server. Both are removed when the run ends.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = await createPostgresTemplate(serverUrl);
    project.provide('postgresTemplate', template.name);
    return () => template.drop();
  }
  const snapshot = await writePgliteSnapshot();
  project.provide('pgliteSnapshot', snapshot.file);
  return () => snapshot.remove();
}
