import { mkdirSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { createPostgresDemoTemplate } from '../../helpers/demo-template';
import { createPostgresTemplate } from '../../helpers/migrated-snapshot';
import { SHOTS } from './browser';
import { type ProcessServer, startServer } from './server';
import { buildServerBundle } from './server-bundle';

/**
 * One server per e2e worker for the whole run (helpers/shared-server.ts); tests read theirs with sharedServer():
 * its URL and the day its data was seeded for — never the wall clock's date, which moves on at midnight in
 * Shanghai (16:00 UTC). With TEST_DATABASE_URL, a template database migrated once, and a copy of it with today's
 * demo city seeded (helpers/demo-template.ts): each test server's database is copied from one of them.
 */
export default async function setup(project: TestProject) {
  mkdirSync(SHOTS, { recursive: true });
  const serverUrl = process.env.TEST_DATABASE_URL;
  // Every server of the run runs this bundle of the checkout's sources (helpers/server-bundle.ts); E2E_SERVER=tsx
  // runs them from the sources through tsx instead, as before (a stack trace then names the .ts lines).
  const bundle = process.env.E2E_SERVER === 'tsx' ? null : await buildServerBundle();
  if (bundle) project.provide('serverBundle', bundle.main);
  const template = serverUrl ? await createPostgresTemplate(serverUrl) : null;
  if (template) project.provide('postgresTemplate', template.name);
  const demo = serverUrl && template ? await createPostgresDemoTemplate(serverUrl, template.name) : null;
  if (demo) project.provide('postgresDemoTemplate', { name: demo.name, seedDate: demo.seedDate, zone: demo.zone });
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  // Started side by side: each copies the demo city (or seeds its own on PGlite), mostly waiting on its database.
  const starts = Array.from({ length: workers }, () =>
    startServer({ template: template?.name, demoTemplate: demo ?? undefined, bundle: bundle?.main }),
  );
  const settled = await Promise.allSettled(starts);
  const servers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.all(servers.map((s: ProcessServer) => s.stop()));
    await demo?.drop();
    await template?.drop();
    bundle?.remove();
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
