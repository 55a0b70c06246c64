import { mkdirSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { createPostgresTemplate } from '../../helpers/migrated-snapshot';
import { SHOTS } from './browser';
import { type ProcessServer, startServer } from './server';

/**
 * One server per e2e worker for the whole run (helpers/shared-server.ts); tests read theirs with sharedServer():
 * its URL and the day its data was seeded for — never the wall clock's date, which moves on at midnight in
 * Shanghai (16:00 UTC). With TEST_DATABASE_URL, a template database migrated once, from which each test server's
 * database is copied (it still seeds its own demo city).
 */
export default async function setup(project: TestProject) {
  mkdirSync(SHOTS, { recursive: true });
  const serverUrl = process.env.TEST_DATABASE_URL;
  const template = serverUrl ? await createPostgresTemplate(serverUrl) : null;
  if (template) project.provide('postgresTemplate', template.name);
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  // Started side by side: each seeds its own demo city, mostly waiting on its database.
  const starts = Array.from({ length: workers }, () => startServer({ template: template?.name }));
  const settled = await Promise.allSettled(starts);
  const servers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.all(servers.map((s: ProcessServer) => s.stop()));
    await template?.drop();
  };
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  project.provide(
    'sharedServers',
    servers.map((s) => ({ baseUrl: s.baseUrl, seedDate: s.seedDate })),
  );
  return stop;
}
