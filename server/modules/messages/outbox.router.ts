import {
  caseMessagesInput,
  previewTemplateInput,
  saveTemplateInput,
  visitMessagesInput,
} from '../../../shared/schemas/outbox';
import { teamOnlyInput } from '../../../shared/schemas/oversight';
import { roleProcedure, router } from '../../trpc/init';
import { caseMessages, failedMessages, visitMessages } from './outbox.read';
import { listTemplates, previewTemplate, saveTemplate } from './templates.service';

// Whoever opens a case file or a visit's timeline sees its messages; only admins change what borrowers read.
const staff = roleProcedure('manager', 'dispatcher', 'admin');
const admins = roleProcedure('admin');

/** Borrower messages on the screens (the outbox as read) and the templates editor. */
export const outboxRouter = router({
  caseMessages: staff.input(caseMessagesInput).query(({ ctx, input }) => caseMessages(ctx, input)),
  visitMessages: staff.input(visitMessagesInput).query(({ ctx, input }) => visitMessages(ctx, input)),
  failed: staff.input(teamOnlyInput).query(({ ctx, input }) => failedMessages(ctx, input)),
  templates: admins.query(({ ctx }) => listTemplates(ctx)),
  // A mutation though it stores nothing: the text travels in the body, not in a GET's URL.
  previewTemplate: admins.input(previewTemplateInput).mutation(({ ctx, input }) => previewTemplate(ctx, input)),
  saveTemplate: admins.input(saveTemplateInput).mutation(({ ctx, input }) => saveTemplate(ctx, input)),
});
