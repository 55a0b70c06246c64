import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../server/env';
import { tileSources } from '../../../server/security/csp';

describe('map tile sources in the CSP', () => {
  it('names the tile server’s origin, keeping scheme and port and dropping path, query and credentials', () => {
    expect(tileSources('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toEqual(['https://tile.openstreetmap.org']);
    expect(tileSources('http://Tiles.Example.cn:8080/{z}/{x}/{y}.png?key=1')).toEqual(['http://tiles.example.cn:8080']);
    expect(tileSources('https://user:pw@maps.example.org/{z}/{x}/{y}')).toEqual(['https://maps.example.org']);
  });

  it('turns Leaflet’s {s} subdomain (or any placeholder in the host) into a wildcard over the domain', () => {
    expect(tileSources('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toEqual([
      'https://*.tile.openstreetmap.org',
    ]);
    expect(tileSources('https://tiles-{s}.example.com/{z}/{x}/{y}.png')).toEqual(['https://*.example.com']);
    expect(tileSources('//{s}.tiles.example.org/{z}/{x}/{y}.png')).toEqual(['*.tiles.example.org']);
  });

  it('needs nothing beyond the app’s own origin for tiles served by this host', () => {
    expect(tileSources('/tiles/{z}/{x}/{y}.png')).toEqual([]);
  });

  it('refuses at start a TILE_URL the policy cannot name narrowly', () => {
    expect(() => loadEnv({ TILE_URL: 'https://{s}.com/{z}/{x}/{y}.png' })).toThrow(/TILE_URL: a placeholder/);
    expect(() => loadEnv({ TILE_URL: 'ftp://tiles.example.org/{z}/{x}/{y}.png' })).toThrow(/TILE_URL: must be an http/);
  });
});
