import { locationsQueueInput, pinAddressInput } from '../../../shared/schemas/locations';
import { roleProcedure, router } from '../../trpc/init';
import { locationsQueue, pinAddress } from './locations.service';

const placers = roleProcedure('dispatcher', 'admin');

/** The "needs a location" queue: imported addresses without coordinates, pinned on the map by a dispatcher. */
export const locationsRouter = router({
  queue: placers.input(locationsQueueInput).query(({ ctx, input }) => locationsQueue(ctx, input)),
  pin: placers.input(pinAddressInput).mutation(({ ctx, input }) => pinAddress(ctx, input)),
});
