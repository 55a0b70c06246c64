/**
 * The templates editor (SPEC §8.4): admins read each kind's text in use per language, preview a text rendered
 * with sample values, and save it as a new version (audited). Rendering and the variables of each kind are the
 * template store's (messages.templates.ts): a text the store would refuse is refused here, naming the field.
 */
import { MESSAGE_KINDS, type MessageKind } from '../../../shared/domain/messages';
import { AppError, type Locale } from '../../../shared/errors';
import { LOCALES } from '../../../shared/messages/catalogue';
import { TEMPLATE_SAMPLES } from '../../../shared/messages/outbox-words';
import type { PreviewTemplateInput, SaveTemplateInput } from '../../../shared/schemas/outbox';
import { iso } from '../../../shared/wire';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { once } from '../idempotency/idempotency.service';
import { currentTemplate, renderTemplate, templateVariables } from './messages.templates';
import { findNewestSaves, insertNextVersion } from './templates.repo';

/** A value for each of a kind's variables (shared/messages/outbox-words.ts); an unknown one as its [name]. */
function sampleValues(kind: MessageKind, locale: Locale): Record<string, string> {
  const sample = (v: string) =>
    Object.hasOwn(TEMPLATE_SAMPLES, v) ? TEMPLATE_SAMPLES[v as keyof typeof TEMPLATE_SAMPLES][locale] : `[${v}]`;
  return Object.fromEntries(templateVariables(kind).map((v) => [v, sample(v)]));
}

/** `body` rendered with sample values; a refusal of the store (an unknown {variable} …) names the field `body`. */
function renderSample(input: PreviewTemplateInput): string {
  try {
    return renderTemplate(input.body, sampleValues(input.kind, input.locale));
  } catch (e) {
    if (e instanceof AppError) throw new AppError(e.code, e.details, { body: e.code, ...e.fieldErrors });
    throw e;
  }
}

/** Each kind's text in use per language (built-in version 0 or the newest saved), with its variables. */
export async function listTemplates(ctx: AuthedContext) {
  const saves = new Map((await findNewestSaves(ctx.db)).map((s) => [`${s.kind}/${s.locale}`, s]));
  const out = [];
  for (const kind of MESSAGE_KINDS) {
    for (const locale of LOCALES) {
      const t = await currentTemplate(ctx.db, kind, locale);
      const saved = t.version > 0 ? saves.get(`${kind}/${locale}`) : undefined;
      out.push({
        kind,
        locale,
        version: t.version,
        body: t.body,
        variables: [...templateVariables(kind)],
        savedAt: iso(saved?.savedAt ?? null),
        savedByName: saved?.savedByName ?? null,
      });
    }
  }
  return out;
}

/** The text as a borrower would read it, with sample values; nothing is stored. */
export function previewTemplate(_ctx: AuthedContext, input: PreviewTemplateInput) {
  const text = renderSample(input);
  return { text, length: [...text].length };
}

/** Saves `body` as the next version of the kind's text in the language: in use from now on; audited, idempotent. */
export async function saveTemplate(ctx: AuthedContext, input: SaveTemplateInput) {
  renderSample(input);
  return ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'outbox.saveTemplate' }, async () => {
      const now = ctx.now();
      const { id, version } = await insertNextVersion(tx, {
        kind: input.kind,
        locale: input.locale,
        body: input.body,
        createdBy: ctx.user.id,
        createdAt: now,
      });
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        action: 'message_template.save',
        entityType: 'message_template',
        entityId: id,
        before: { version: version - 1 },
        after: { kind: input.kind, locale: input.locale, version, body: input.body },
        at: now,
      });
      return { id, kind: input.kind, locale: input.locale, version, savedAt: now.toISOString() };
    }),
  );
}
