import type { Catalogue } from './catalogue';

/**
 * Per-field texts of an outcome's own rules, the ones its schema cannot check (the badge shown, the plan adding
 * up, the evidence attached); {sum} and {total} come from the error's details.
 */
export const OUTCOME_FIELD_MESSAGES = {
  idShown: { en: 'the ID badge must be shown first', 'zh-CN': '必须先出示工作证' },
  plan: { en: 'adds up to {sum}, not {total}', 'zh-CN': '合计 {sum} ≠ {total}' },
  recordingRef: { en: 'add the recording reference or attach the audio', 'zh-CN': '请填写录音编号或附上录音' },
  signedCommitment: { en: 'attach a photo of the signed document', 'zh-CN': '请附上签字文件的照片' },
  correctionReason: { en: 'say why the outcome is corrected', 'zh-CN': '请说明更正原因' },
  attachmentIds: { en: 'a file is not attached to this visit', 'zh-CN': '有文件不属于该上门' },
  removedAttachmentIds: {
    en: 'only a file of the outcome being corrected can be removed',
    'zh-CN': '只能移除被更正结果中的文件',
  },
} as const satisfies Catalogue;

/** An outcome field with a rule of its own. */
export type OutcomeRuleField = keyof typeof OUTCOME_FIELD_MESSAGES;
