import proxyAddr from '@fastify/proxy-addr';

/** Whether the peer at `address`, `hop` steps from this server, is a proxy whose forwarding headers we believe. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY as one function, given to Fastify (client address, HTTPS) and read for the request id, so both judge
 * a proxy alike. Compiled as Fastify compiles a string itself (the same @fastify/proxy-addr). Trusting every hop
 * would let any client pick its own address with an X-Forwarded-For header and so step around the per-address
 * limits on sign-in and on link guessing.
 */
export function compileTrustProxy(value: string): TrustProxy {
  if (value === 'true') return () => true;
  if (value === 'false') return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile(value.split(',').map((v) => v.trim()));
}
