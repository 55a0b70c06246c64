import { z } from 'zod';
import { MESSAGE_KINDS } from '../domain/messages';
import type { Locale } from '../messages/catalogue';
import { id, idempotencyKey, text } from './common';

/**
 * The longest template text an admin may save: several SMS segments with room for the filled-in variables;
 * a text past this is a mistake (a pasted document), not a message.
 */
export const TEMPLATE_BODY_MAX = 1000;

export const caseMessagesInput = z.object({ caseId: id });
export type CaseMessagesInput = z.infer<typeof caseMessagesInput>;

export const visitMessagesInput = z.object({ visitId: id });
export type VisitMessagesInput = z.infer<typeof visitMessagesInput>;

const templateBody = text({ min: 1, max: TEMPLATE_BODY_MAX, multiline: true });

/** A text to preview for a kind in a language: rendered with sample values, nothing is stored. */
export const previewTemplateInput = z.object({
  kind: z.enum(MESSAGE_KINDS),
  locale: z.enum(['en', 'zh-CN'] as const satisfies readonly Locale[]),
  body: templateBody,
});
export type PreviewTemplateInput = z.infer<typeof previewTemplateInput>;

/** A new version of a kind's text in a language: it is in use for every message written after it. */
export const saveTemplateInput = previewTemplateInput.extend({ idempotencyKey });
export type SaveTemplateInput = z.infer<typeof saveTemplateInput>;
