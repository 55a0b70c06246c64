import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Balancer, startBalancer, startTcpBalancer } from '../../bench/balancer';

/** A local upstream that answers with its name, the path, the body it got and the headers that matter here. */
async function upstream(name: string) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      res.setHeader('set-cookie', `served_by=${name}`);
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name, url: req.url, method: req.method, body, cookie: req.headers.cookie ?? null }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setUp(names: string[], start = startBalancer): Promise<Balancer> {
  const ups = await Promise.all(names.map(upstream));
  for (const u of ups) {
    closers.push(() => {
      u.server.closeAllConnections();
      return new Promise((r) => u.server.close(r));
    });
  }
  const balancer = await start(ups.map((u) => ({ host: '127.0.0.1', port: u.port })));
  closers.unshift(() => balancer.close());
  return balancer;
}

describe('bench balancer', () => {
  it('hands requests to the upstreams in turn', async () => {
    const balancer = await setUp(['a', 'b']);
    const served: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`http://127.0.0.1:${balancer.port}/trpc/x?i=${i}`);
      served.push(((await res.json()) as { name: string }).name);
    }
    expect(served).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(balancer.counts()).toEqual([3, 3]);
  });

  it('passes method, path, body, cookies and the status and headers of the answer through', async () => {
    const balancer = await setUp(['only']);
    const res = await fetch(`http://127.0.0.1:${balancer.port}/trpc/a.b?input=%7B%7D`, {
      method: 'POST',
      headers: { cookie: 'doorstep_session=abc', 'content-type': 'application/json' },
      body: '{"k":1}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBe('served_by=only');
    expect(await res.json()).toEqual({
      name: 'only',
      url: '/trpc/a.b?input=%7B%7D',
      method: 'POST',
      body: '{"k":1}',
      cookie: 'doorstep_session=abc',
    });
    const missing = await fetch(`http://127.0.0.1:${balancer.port}/missing`);
    expect(missing.status).toBe(404);
  });

  it('answers 502 naming the upstream when it cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens there.
    const gone = await upstream('gone');
    await new Promise((r) => gone.server.close(r));
    const balancer = await startBalancer([{ host: '127.0.0.1', port: gone.port }]);
    closers.push(() => balancer.close());
    const res = await fetch(`http://127.0.0.1:${balancer.port}/healthz`);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain(`127.0.0.1:${gone.port}`);
  });

  it('refuses to start without an upstream', async () => {
    await expect(startBalancer([])).rejects.toThrow(/at least one upstream/);
  });
});

/** One request on a connection of its own (no keep-alive), so that each is a new connection to the balancer. */
function once(port: number, path: string, init: { method?: string; body?: string; cookie?: string } = {}) {
  return new Promise<{ status: number; setCookie: string | undefined; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: init.method ?? 'GET',
        agent: false,
        headers: init.cookie ? { cookie: init.cookie } : {},
      },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie']?.[0], body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('bench balancer, by connection (tcp)', () => {
  it('hands each new connection to the next upstream and passes requests and answers through unchanged', async () => {
    const balancer = await setUp(['a', 'b'], startTcpBalancer);
    const served: string[] = [];
    for (let i = 0; i < 4; i++)
      served.push((JSON.parse((await once(balancer.port, `/x?i=${i}`)).body) as { name: string }).name);
    expect(served).toEqual(['a', 'b', 'a', 'b']);
    const res = await once(balancer.port, '/trpc/a.b', {
      method: 'POST',
      body: '{"k":1}',
      cookie: 'doorstep_session=abc',
    });
    expect(res.status).toBe(200);
    expect(res.setCookie).toBe('served_by=a');
    expect(JSON.parse(res.body)).toEqual({
      name: 'a',
      url: '/trpc/a.b',
      method: 'POST',
      body: '{"k":1}',
      cookie: 'doorstep_session=abc',
    });
    expect((await once(balancer.port, '/missing')).status).toBe(404);
    expect(balancer.counts()).toEqual([3, 3]);
  });

  it('keeps a kept-alive connection on one upstream', async () => {
    const balancer = await setUp(['a', 'b'], startTcpBalancer);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    closers.push(async () => agent.destroy());
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      names.push(
        await new Promise<string>((resolve, reject) => {
          http
            .get({ host: '127.0.0.1', port: balancer.port, path: '/k', agent }, (res) => {
              let body = '';
              res.on('data', (c) => {
                body += c;
              });
              res.on('end', () => resolve((JSON.parse(body) as { name: string }).name));
            })
            .on('error', reject);
        }),
      );
    }
    expect(names).toEqual(['a', 'a', 'a']);
    expect(balancer.counts()).toEqual([1, 0]);
  });

  it('closes the connection when the upstream cannot be reached, so the client sees an error', async () => {
    const gone = await upstream('gone');
    await new Promise((r) => gone.server.close(r));
    const balancer = await startTcpBalancer([{ host: '127.0.0.1', port: gone.port }]);
    closers.push(() => balancer.close());
    await expect(once(balancer.port, '/healthz')).rejects.toThrow();
  });

  it('refuses to start without an upstream', async () => {
    await expect(startTcpBalancer([])).rejects.toThrow(/at least one upstream/);
  });
});
