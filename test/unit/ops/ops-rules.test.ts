import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestLogLevel } from '../../../server/ops/log';
import { isPrivateAddress } from '../../../server/ops/private-address';
import { isSaneRequestId, requestIdGenerator } from '../../../server/ops/request-id';
import { compileTrustProxy } from '../../../server/ops/trust-proxy';

const request = (remoteAddress: string, id?: string) =>
  ({
    headers: id === undefined ? {} : { 'x-request-id': id },
    socket: { remoteAddress },
  }) as unknown as IncomingMessage;

describe('the request log policy', () => {
  it('logs reads at debug, changes and refusals at info, server errors at error', () => {
    expect(requestLogLevel('GET', 200)).toBe('debug');
    expect(requestLogLevel('HEAD', 304)).toBe('debug');
    expect(requestLogLevel('POST', 200)).toBe('info');
    expect(requestLogLevel('DELETE', 204)).toBe('info');
    expect(requestLogLevel('GET', 401)).toBe('info');
    expect(requestLogLevel('GET', 404)).toBe('info');
    expect(requestLogLevel('GET', 503)).toBe('error');
    expect(requestLogLevel('POST', 500)).toBe('error');
    // A probe's not-ready answer is expected at every start (the warm-up): the route says why at warn.
    expect(requestLogLevel('GET', 503, '/readyz')).toBe('info');
    expect(requestLogLevel('GET', 200, '/readyz')).toBe('debug');
    expect(requestLogLevel('GET', 503, '/trpc/field.today')).toBe('error');
  });
});

describe('private addresses (who may read /metrics)', () => {
  it('takes loopback, RFC 1918, link-local and unique-local addresses, IPv4-mapped too', () => {
    for (const a of ['127.0.0.1', '10.9.8.7', '172.16.0.1', '172.31.255.255', '192.168.0.10', '169.254.1.1'])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '::FFFF:127.0.0.1'])
      expect(isPrivateAddress(a), a).toBe(true);
  });
  it('refuses public, malformed and missing addresses', () => {
    for (const a of [
      '203.0.113.9',
      '172.32.0.1',
      '8.8.8.8',
      '2001:db8::1',
      '::ffff:8.8.8.8',
      'localhost',
      '',
      undefined,
    ])
      expect(isPrivateAddress(a), String(a)).toBe(false);
  });
});

describe('request ids', () => {
  it('keeps ids of the shapes proxies send and nothing else', () => {
    for (const id of ['6f1c2a9e0b7d4e3f8a5b6c7d8e9f0a1b', '0b9e-4c1d:abc', 'Root=1-5759e988-bd862e3fe1be46a994272793'])
      expect(isSaneRequestId(id), id).toBe(true);
    for (const id of ['', 'a b', 'x'.repeat(129), 'a\nb', 'a\u0000', '\ud800', 'é', '<x>', undefined, ['a', 'b']])
      expect(isSaneRequestId(id), JSON.stringify(id)).toBe(false);
  });

  it('takes a proxy’s id only from a proxy TRUST_PROXY trusts', () => {
    const loopback = requestIdGenerator(compileTrustProxy('loopback'));
    expect(loopback(request('127.0.0.1', 'from-proxy'))).toBe('from-proxy');
    expect(loopback(request('203.0.113.9', 'from-client'))).not.toBe('from-client');
    expect(loopback(request('127.0.0.1'))).toMatch(/^[0-9a-f-]{36}$/);
    const subnet = requestIdGenerator(compileTrustProxy('10.0.0.0/8, 192.168.1.5'));
    expect(subnet(request('10.1.1.1', 'p1'))).toBe('p1');
    expect(subnet(request('192.168.1.5', 'p2'))).toBe('p2');
    expect(subnet(request('127.0.0.1', 'p3'))).not.toBe('p3');
    expect(requestIdGenerator(compileTrustProxy('false'))(request('127.0.0.1', 'p4'))).not.toBe('p4');
    expect(requestIdGenerator(compileTrustProxy('1'))(request('203.0.113.9', 'p5'))).toBe('p5');
  });
});
