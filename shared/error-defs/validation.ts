import type { ErrorDef } from './types';

/**
 * Field messages for the input checks that are not input blocks (shared/schemas/blocks.ts gives its own codes,
 * shared/error-defs/input.ts): a choice from a list, exclusive bounds, e-mail addresses, patterns.
 * The error formatter picks one (shared/validation-messages.ts), so zod's own wording ("Invalid option:
 * expected one of …", "无效选项：…") never reaches a form. Written like the block messages: they follow the
 * field's label.
 */
export const VALIDATION_ERRORS = {
  CHOICE_INVALID: { status: 'BAD_REQUEST', en: 'must be one of the options offered', 'zh-CN': '请从给出的选项中选择' },
  NUMBER_NOT_ABOVE: { status: 'BAD_REQUEST', en: 'must be more than {minimum}', 'zh-CN': '必须大于 {minimum}' },
  NUMBER_NOT_BELOW: { status: 'BAD_REQUEST', en: 'must be less than {maximum}', 'zh-CN': '必须小于 {maximum}' },
  EMAIL_FORMAT: { status: 'BAD_REQUEST', en: 'must be an e-mail address', 'zh-CN': '须为电子邮箱地址' },
  TEXT_PATTERN: { status: 'BAD_REQUEST', en: 'contains characters that are not allowed', 'zh-CN': '包含不允许的字符' },
  VALUE_INVALID: { status: 'BAD_REQUEST', en: 'is not a valid value', 'zh-CN': '取值无效' },
} as const satisfies Record<string, ErrorDef>;
