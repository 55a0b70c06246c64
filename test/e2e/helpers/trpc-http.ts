import { DEMO_PASSWORD } from '@shared/demo';
import { expect } from 'vitest';

/** A user signed in on one server process, talking tRPC over HTTP as the web app does. */
export interface Session {
  baseUrl: string;
  cookie: string;
  teamIds: string[];
}

/** Calls a procedure over HTTP and returns its data; anything but 200 fails the test with the answer. */
export async function trpc<T>(s: Session, method: 'GET' | 'POST', path: string, input: unknown): Promise<T> {
  const query = method === 'GET' ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
  const res = await fetch(`${s.baseUrl}/trpc/${path}${query}`, {
    method,
    headers: { cookie: s.cookie, 'content-type': 'application/json' },
    body: method === 'POST' ? JSON.stringify(input) : undefined,
  });
  const text = await res.text();
  expect(res.status, `${path}: ${text}`).toBe(200);
  return (JSON.parse(text) as { result: { data: T } }).result.data;
}

/** Signs in with the demo password on one server and keeps the session cookie. */
export async function signIn(baseUrl: string, username: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const me = (await res.json()) as { result: { data: { teamIds: string[] } } };
  return { baseUrl, cookie: res.headers.getSetCookie()[0]?.split(';')[0] ?? '', teamIds: me.result.data.teamIds };
}
