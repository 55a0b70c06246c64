/**
 * Borrower messages (SPEC §8.4): the kinds Doorstep sends, the channels, and the states of a message in the
 * outbox. The one home of these lists: the schema's text columns, the services and the screens use them.
 */

export const MESSAGE_KINDS = [
  'first_notice',
  'appointment_notice',
  'slot_link',
  'slot_agreed',
  'reminder',
  'en_route',
  'visit_cancelled',
  'visit_moved',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * Kinds the policy's per-borrower contact cap governs (contactCapPerDay): Doorstep reaching out. The others
 * answer something the borrower agreed or is waiting for (the slot they chose, the crew at the door, a visit
 * called off); they count toward the cap but are never held back by it.
 */
export const CAPPED_KINDS = [
  'first_notice',
  'appointment_notice',
  'slot_link',
  'reminder',
] as const satisfies readonly MessageKind[];

export const MESSAGE_CHANNELS = ['sms'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/**
 * held: waiting for the borrower's allowed hours (`notBefore`); queued: its send job is due (or, with status
 * reason NO_GATEWAY, no SMS gateway is configured and the dispatcher copies its text); sent: the gateway took it;
 * delivered / failed: the gateway's receipt (or our last attempt) says so; unsent: it will not leave
 * (statusReason OPTED_OUT, CONTACT_CAP …).
 */
export const MESSAGE_STATUSES = ['held', 'queued', 'sent', 'delivered', 'failed', 'unsent'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
