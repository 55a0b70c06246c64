import { acknowledgeInput } from '@shared/schemas/oversight';
import { formInput } from '../../lib/form-input';

/**
 * Acknowledging an exception: the comment as typed, checked with the procedure's schema before it is sent
 * (test/unit/client/form-inputs.test.ts holds it to the router's schema).
 */
export const acknowledgeForm = formInput(acknowledgeInput);
