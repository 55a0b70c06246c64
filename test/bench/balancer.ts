/**
 * A small round-robin HTTP balancer for the load benchmark: it stands where a reverse proxy (nginx, a cloud load
 * balancer) stands in a deployment of several app processes, so that `npm run bench:api -- --processes 2` measures
 * two processes sharing one address. Each request goes to the next upstream in turn over kept-alive connections;
 * an upstream that cannot be reached answers 502, as a proxy would, so the benchmark counts it as an error.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

export interface Balancer {
  port: number;
  /** Requests (HTTP balancer) or connections (TCP balancer) handed to each upstream, in the order given. */
  counts(): number[];
  close(): Promise<void>;
}

// Hop-by-hop headers belong to one connection and are not forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

function forwardable(headers: http.IncomingHttpHeaders | http.OutgoingHttpHeaders) {
  return Object.fromEntries(Object.entries(headers).filter(([k, v]) => v !== undefined && !HOP_BY_HOP.has(k)));
}

/** Starts the balancer on 127.0.0.1 (`port` 0: any free port). */
export async function startBalancer(upstreams: readonly Upstream[], port = 0): Promise<Balancer> {
  if (upstreams.length === 0) throw new Error('a balancer needs at least one upstream');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const counts = upstreams.map(() => 0);
  let next = 0;

  const server = http.createServer((req, res) => {
    const i = next;
    next = (next + 1) % upstreams.length;
    counts[i] = (counts[i] as number) + 1;
    const target = upstreams[i] as Upstream;
    const upstream = http.request(
      {
        host: target.host,
        port: target.port,
        method: req.method,
        path: req.url,
        agent,
        // The app trusts X-Forwarded-For from a loopback proxy (TRUST_PROXY=loopback), as behind nginx.
        headers: { ...forwardable(req.headers), 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (res.headersSent) return res.destroy(err);
      res
        .writeHead(502, { 'content-type': 'text/plain' })
        .end(`upstream ${target.host}:${target.port}: ${err.message}`);
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    counts: () => [...counts],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

/**
 * The same round robin at the connection level, as nginx's `stream` module or HAProxy's `mode tcp` do: each client
 * connection is joined to a new connection to the next upstream and bytes are copied both ways, unread. It costs
 * the load generator's machine far less CPU per request than parsing and forwarding HTTP, which matters when the
 * benchmark, the app processes and PostgreSQL share two cores. Kept-alive client connections stay on one upstream,
 * so the split is by connection (the benchmark opens one per request/s of each procedure); the app sees the
 * balancer's address (127.0.0.1) as the client's, as it would through a loopback proxy. An upstream that cannot be
 * reached closes the client's connection, which the load generator counts as an error.
 */
export async function startTcpBalancer(upstreams: readonly Upstream[], port = 0): Promise<Balancer> {
  if (upstreams.length === 0) throw new Error('a balancer needs at least one upstream');
  const counts = upstreams.map(() => 0);
  const open = new Set<net.Socket>();
  let next = 0;

  const server = net.createServer((client) => {
    const i = next;
    next = (next + 1) % upstreams.length;
    counts[i] = (counts[i] as number) + 1;
    const target = upstreams[i] as Upstream;
    const upstream = net.connect({ host: target.host, port: target.port, noDelay: true });
    client.setNoDelay(true);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    counts: () => [...counts],
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
