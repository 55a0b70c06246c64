import { DEMO_PASSWORD, DEMO_USERS } from '@shared/demo';
import { type APIRequestContext, request } from 'playwright-core';
import { expect } from 'vitest';
import { type ClockedServer, startClockedServer } from '../field-server';
import { type BrowserSession, openBrowser, PHONE } from './browser';

/** Shared by the field e2e files: stops as the route lists them, API sessions and screenshot folder. */
export interface Stop {
  id: string;
  status: string;
  slotStart: string;
  slotEnd: string;
  lat: number;
  lng: number;
  district: string;
}

export const dataOf = <T>(body: string): T => (JSON.parse(body) as { result: { data: T } }).result.data;
export const minutes = (iso: string, m: number) => new Date(new Date(iso).getTime() + m * 60_000);

/** A signed-in API session (no browser) for setup and for reading what others see. */
export async function api(baseURL: string, username?: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  if (username) {
    const res = await ctx.post('/trpc/auth.login', { data: { username, password: DEMO_PASSWORD } });
    expect(res.status()).toBe(200);
  }
  return ctx;
}

export async function query<T>(ctx: APIRequestContext, path: string, input: unknown): Promise<T> {
  const res = await ctx.get(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(res.status(), await res.text()).toBe(200);
  return dataOf<T>(await res.text());
}

/** Calls a tRPC mutation over an API session; a refusal fails the test with the server's answer. */
export async function mutation<T>(ctx: APIRequestContext, path: string, input: unknown): Promise<T> {
  const res = await ctx.post(`/trpc/${path}`, { data: input });
  expect(res.status(), await res.text()).toBe(200);
  return dataOf<T>(await res.text());
}

/**
 * The borrower's personal slot link as the dispatcher sends it: for the first open case of the dispatcher's
 * team with an address, a notice logged, then the link created. Returns its path (/s/…).
 */
export async function sendSlotLink(dispatcher: APIRequestContext, tag: string): Promise<string> {
  const cases = await query<{ rows: Array<{ id: string }> }>(dispatcher, 'appointments.worklist', {
    status: 'open',
    pageSize: 30,
  });
  for (const c of cases.rows) {
    const file = await query<{ addresses: Array<{ id: string }> }>(dispatcher, 'appointments.caseFile', {
      caseId: c.id,
    });
    if (!file.addresses[0]) continue;
    const key = (what: string) => `e2e-${tag}-${what}-${Date.now()}`;
    await mutation(dispatcher, 'appointments.logNotice', {
      caseId: c.id,
      stage: 'appointment_notice',
      channel: 'sms',
      result: 'Sent the personal slot link by SMS',
      idempotencyKey: key('notice'),
    });
    const link = await mutation<{ path: string }>(dispatcher, 'appointments.createLink', {
      caseId: c.id,
      addressId: file.addresses[0].id,
      visitType: 'negotiation',
      idempotencyKey: key('link'),
    });
    return link.path;
  }
  throw new Error('no open case with an address to send a slot link for');
}

/** A clocked server of its own, the agent signed in over the API, their day's stops and a phone-sized browser. */
export interface FieldSession {
  server: ClockedServer;
  agentApi: APIRequestContext;
  stops: Stop[];
  phone: BrowserSession;
  close: () => Promise<void>;
}

export async function startFieldSession(): Promise<FieldSession> {
  const server = await startClockedServer();
  const opened: { agentApi?: APIRequestContext; phone?: BrowserSession } = {};
  const close = async () => {
    await opened.phone?.close();
    await opened.agentApi?.dispose();
    await server.stop();
  };
  try {
    const agentApi = await api(server.baseUrl, DEMO_USERS.agent);
    opened.agentApi = agentApi;
    const stops = (await query<{ stops: Stop[] }>(agentApi, 'field.today', {})).stops;
    const phone = await openBrowser({ viewport: PHONE });
    opened.phone = phone;
    await phone.context.grantPermissions(['geolocation'], { origin: server.baseUrl });
    return { server, agentApi, stops, phone, close };
  } catch (err) {
    await close();
    throw err;
  }
}
