import type { Locale } from '../../../shared/errors';
import { type Catalogue, translate } from '../../../shared/messages/catalogue';
import { PLAN_REASONS } from '../../../shared/messages/plan-reasons';
import type { UnassignedCode } from '../../solver/index';
import type { PrecheckCode } from './planning.problem';

/** Every reason a visit can end up (or stay) unassigned by a plan. */
export type PlanReasonCode = UnassignedCode | PrecheckCode | 'PLANNED_ON_UNSELECTED_CREW';

// Typed by the codes the solver and the pre-checks give, so a new code without a text does not compile.
const REASONS: Catalogue<PlanReasonCode> = PLAN_REASONS;

export function planReason(code: PlanReasonCode, locale: Locale): string {
  return translate(REASONS, code, locale);
}
