import type { DbOrTx } from '../../db/client';
import type { Matrix } from '../../solver/model/types';
import type { LatLng, MatrixProvider } from './types';

/**
 * STUB (foundation of #17, replaced by the pgRouting slice): road travel from pgRouting on the app's PostgreSQL
 * (`ROUTING=pgrouting`), over the network `npm run roads:import` loaded with osm2pgrouting.
 */
export class PgRoutingProvider implements MatrixProvider {
  readonly name = 'pgrouting';
  constructor(readonly db: DbOrTx) {}

  async matrix(_places: LatLng[]): Promise<Matrix> {
    throw new Error('pgRouting provider is not built yet');
  }
}
