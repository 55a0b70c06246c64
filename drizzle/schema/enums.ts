import { pgEnum } from 'drizzle-orm/pg-core';
import {
  APPOINTMENT_STATUSES,
  CASE_STATUSES,
  COMPLAINT_STATUSES,
  CONTACT_CHANNELS,
  CONTACT_STAGES,
  JURISDICTIONS,
  ORG_ORIGINS,
  OUTCOME_CODES,
  ROLES,
  ROSTER_EXCEPTION_KINDS,
  VISIT_STATUSES,
  VISIT_TYPES,
} from '../../shared/domain/constants';

export const roleEnum = pgEnum('role', ROLES);
export const visitStatusEnum = pgEnum('visit_status', VISIT_STATUSES);
export const visitTypeEnum = pgEnum('visit_type', VISIT_TYPES);
export const outcomeCodeEnum = pgEnum('outcome_code', OUTCOME_CODES);
export const appointmentStatusEnum = pgEnum('appointment_status', APPOINTMENT_STATUSES);
export const caseStatusEnum = pgEnum('case_status', CASE_STATUSES);
export const contactStageEnum = pgEnum('contact_stage', CONTACT_STAGES);
export const contactChannelEnum = pgEnum('contact_channel', CONTACT_CHANNELS);
export const complaintStatusEnum = pgEnum('complaint_status', COMPLAINT_STATUSES);
export const jurisdictionEnum = pgEnum('jurisdiction', JURISDICTIONS);
export const rosterExceptionKindEnum = pgEnum('roster_exception_kind', ROSTER_EXCEPTION_KINDS);
export const orgOriginEnum = pgEnum('org_origin', ORG_ORIGINS);
