import type { CONTACT_CHANNELS } from '@shared/domain/constants';
import { createComplaintInput, resolveComplaintInput } from '@shared/schemas/oversight';
import { formInput } from '../../lib/form-input';

// The complaint forms' inputs, each checked with its procedure's schema before it is sent
// (test/unit/client/form-inputs.test.ts holds them to the router's schemas).

/** Recording a complaint: a cleared channel is the phone, as the form starts. */
export const complaintForm = formInput(
  createComplaintInput,
  (v: { key: string; visitId: string; channel: string | null; text: string }) => ({
    key: v.key,
    visitId: v.visitId,
    channel: (v.channel ?? 'phone') as (typeof CONTACT_CHANNELS)[number],
    text: v.text,
  }),
);

/** Resolving a complaint: the resolution as typed. */
export const resolutionForm = formInput(resolveComplaintInput);
