/**
 * A small local HTTP server that answers like Nominatim's `/search?format=json&q=…`, for the geocoder's tests. What
 * it answers is chosen per query by the test (a script of answers, taken in turn); it records every request: the
 * query, its User-Agent, its order, and how many requests were in flight at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeAnswer =
  | { found: { lat: string; lon: string; class?: string; type?: string; display_name?: string } }
  | 'none'
  | 'error500'
  | 'hang'
  | 'garbage';

export interface RecordedRequest {
  seq: number;
  q: string;
  path: string;
  format: string | null;
  limit: string | null;
  userAgent: string;
  receivedAt: number;
  /** Requests this server was still answering when this one came in (the others, not itself). */
  inFlight: number;
}

export interface FakeNominatim {
  url: string;
  requests: RecordedRequest[];
  /** Answers for a query (normalised the way the geocoder sends it), taken one per request; the last repeats. */
  script: (q: string, ...answers: FakeAnswer[]) => void;
  /** How long each answer waits before it is sent (ms); 0 by default. */
  delayMs: number;
  close: () => Promise<void>;
}

export async function startFakeNominatim(): Promise<FakeNominatim> {
  const scripts = new Map<string, FakeAnswer[]>();
  const requests: RecordedRequest[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  let inFlight = 0;
  const fake = { delayMs: 0 } as FakeNominatim;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams.get('q') ?? '';
    requests.push({
      seq: requests.length + 1,
      q,
      path: url.pathname,
      format: url.searchParams.get('format'),
      limit: url.searchParams.get('limit'),
      userAgent: String(req.headers['user-agent'] ?? ''),
      receivedAt: Date.now(),
      inFlight,
    });
    inFlight++;
    res.on('close', () => {
      inFlight--;
    });
    const queue = scripts.get(q) ?? ['none'];
    const answer = (queue.length > 1 ? queue.shift() : queue[0]) as FakeAnswer;
    const send = () => {
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      if (answer === 'error500') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream trouble');
        return;
      }
      if (answer === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"lat": 31.2, oops');
        return;
      }
      const body = answer === 'none' ? [] : [{ importance: 0.5, display_name: q, ...answer.found }];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (fake.delayMs > 0) setTimeout(send, fake.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.requests = requests;
  fake.script = (q, ...answers) => scripts.set(q, answers);
  fake.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
