import type { Locale } from '../errors';
import type { Message } from '../messages/catalogue';

/**
 * Field records the phone queues that change a visit (files are kept on the visit whatever its state, so they
 * never conflict): each one that reaches the server after the visit changed under the crew is kept as a
 * conflict instead of being refused.
 */
const FIELD_RECORD_ACTIONS = ['en_route', 'check_in', 'outcome'] as const;
export type FieldRecordAction = (typeof FIELD_RECORD_ACTIONS)[number];

/** What had happened to the visit: taken off the crew, moved to another, cancelled, missed, or otherwise moved on. */
const CONFLICT_REASONS = ['unassigned', 'moved', 'cancelled', 'missed', 'status'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

/** A kept record as the phone is told about it (times as ISO instants; `timeZone` is the team's). */
export interface FieldRecordNotice {
  conflictId: string;
  visitId: string;
  action: FieldRecordAction;
  recordedAt: string;
  reason: ConflictReason;
  reasonAt: string;
  reasonBy: string | null;
  visitStatus: string;
  borrowerFirstName: string;
  slotStart: string;
  slotEnd: string;
  timeZone: string;
}

type Words = Message;

/** Words a dispatcher's refusal and dismissal use: FIELD_CONFLICT_NOT_APPLICABLE's {crew} and the note field. */
export const RESOLVE_WORDS = {
  withAnotherCrew: { en: ' with another crew', 'zh-CN': '，由其他外访组执行' },
  noteRequired: { en: 'say why the record is dismissed', 'zh-CN': '请说明驳回原因' },
} as const satisfies Record<string, Message>;

/** The record in a sentence: "your check-in". */
export const FIELD_RECORD_WORDS: Record<FieldRecordAction, Words> = {
  en_route: { en: '“On my way”', 'zh-CN': '“出发”' },
  check_in: { en: 'check-in', 'zh-CN': '签到' },
  outcome: { en: 'outcome', 'zh-CN': '走访结果' },
};

/** What had happened to the visit, in a few words (a history sentence's "because …"). */
export const CONFLICT_REASON_WORDS: Record<ConflictReason, Words> = {
  unassigned: { en: 'the visit had been taken off the crew', 'zh-CN': '该上门已从外访组撤回' },
  moved: { en: 'the visit had been moved to another crew', 'zh-CN': '该上门已改派给其他外访组' },
  cancelled: { en: 'the visit had been cancelled', 'zh-CN': '该上门已取消' },
  missed: { en: 'the visit had been marked missed', 'zh-CN': '该上门已被标记为未完成' },
  status: { en: 'the visit had moved on', 'zh-CN': '该上门状态已变化' },
};

// What had happened, completing "because …"; {by} and {at} are filled in (the "by" part left out when unknown).
const REASON_WORDS: Record<ConflictReason, { by: Words; plain: Words }> = {
  unassigned: {
    by: { en: 'the visit was taken off your crew by {by} at {at}', 'zh-CN': '该上门已于 {at} 被{by}从您的外访组撤回' },
    plain: { en: 'the visit was taken off your crew at {at}', 'zh-CN': '该上门已于 {at} 从您的外访组撤回' },
  },
  moved: {
    by: {
      en: 'the visit was moved to another crew by {by} at {at}',
      'zh-CN': '该上门已于 {at} 被{by}改派给其他外访组',
    },
    plain: { en: 'the visit was moved to another crew at {at}', 'zh-CN': '该上门已于 {at} 改派给其他外访组' },
  },
  cancelled: {
    by: { en: 'the visit was cancelled by {by} at {at}', 'zh-CN': '该上门已于 {at} 被{by}取消' },
    plain: { en: 'the visit was cancelled at {at}', 'zh-CN': '该上门已于 {at} 取消' },
  },
  missed: {
    by: {
      en: 'the visit was marked missed by {by} at {at}, as nobody had set out before its slot ended',
      'zh-CN': '该上门已于 {at} 被{by}标记为未完成（时段结束前无人出发）',
    },
    plain: {
      en: 'the visit was marked missed at {at}, as nobody had set out before its slot ended',
      'zh-CN': '该上门已于 {at} 被标记为未完成（时段结束前无人出发）',
    },
  },
  status: {
    by: { en: 'the visit was already “{status}” ({by}, {at})', 'zh-CN': '该上门已是“{status}”状态（{by}，{at}）' },
    plain: { en: 'the visit was already “{status}” ({at})', 'zh-CN': '该上门已是“{status}”状态（{at}）' },
  },
};

const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');

/**
 * Why a record was kept, in a language: "the visit was moved to another crew by Wang Fang at 13:50". `at` is
 * already the team's wall-clock time, `status` the status in the reader's words.
 */
export function describeConflictReason(
  locale: Locale,
  reason: ConflictReason,
  p: { at: string; by: string | null; status: string },
): string {
  const words = REASON_WORDS[reason];
  return fill((p.by ? words.by : words.plain)[locale], { at: p.at, by: p.by ?? '', status: p.status });
}
