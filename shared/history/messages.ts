import { CONFLICT_REASON_WORDS, FIELD_RECORD_WORDS, type FieldRecordAction } from '../domain/field-conflicts';
import { codeLabel } from '../domain/labels';
import type { Locale } from '../errors';

/**
 * One audit entry as a visit's history tells it: the action and the facts its sentence needs, already
 * resolved on the server (names instead of ids, times as HH:mm in the team's zone, codes untranslated).
 */
export interface HistoryEntry {
  action: string;
  params: Record<string, HistoryParam>;
}
/** A fact of a history entry; a list (a crew's members) is joined the way the language lists names. */
type HistoryParam = string | number | string[] | null;

type Template = Record<Locale, string>;

// The sentence of each audited action ({name} is a param). `time` and `actor` are in every entry; an action
// the catalogue does not know still reads as a sentence (FALLBACK) and keeps its raw change on demand.
export const HISTORY_MESSAGES: Record<string, Template> = {
  'visit.create': {
    en: '{time} {actor} created the visit ({visitType}) for the slot {slot}',
    'zh-CN': '{time} {actor} 创建了走访（{visitType}），时段 {slot}',
  },
  'visit.assign': {
    en: '{time} {actor} assigned the visit to {crew} ({members}), arrival {arrival}',
    'zh-CN': '{time} {actor} 将走访分派给 {crew}（{members}），预计 {arrival} 到达',
  },
  'visit.move': {
    en: '{time} {actor} moved the visit from {fromCrew} to {crew} ({members}), arrival {arrival}',
    'zh-CN': '{time} {actor} 将走访从 {fromCrew} 改派给 {crew}（{members}），预计 {arrival} 到达',
  },
  'visit.plan.assign': {
    en: '{time} {actor} applied a route plan: the visit goes to {crew} ({members}), arrival {arrival}',
    'zh-CN': '{time} {actor} 应用了路线规划：走访由 {crew}（{members}）执行，预计 {arrival} 到达',
  },
  'visit.unassign': {
    en: '{time} {actor} took the visit off {fromCrew}; it is unassigned again',
    'zh-CN': '{time} {actor} 将走访从 {fromCrew} 撤回，走访重新待分配',
  },
  'visit.plan.unassign': {
    en: '{time} {actor} applied a route plan that took the visit off {fromCrew}',
    'zh-CN': '{time} {actor} 应用的路线规划将走访从 {fromCrew} 撤回',
  },
  'visit.pin': {
    en: '{time} {actor} pinned the visit, so the route planner leaves it where it is',
    'zh-CN': '{time} {actor} 锁定了走访，路线规划不再调整它',
  },
  'visit.unpin': {
    en: '{time} {actor} unpinned the visit',
    'zh-CN': '{time} {actor} 解除了走访锁定',
  },
  'visit.en_route': {
    en: '{time} {actor} set off to the visit',
    'zh-CN': '{time} {actor} 出发前往走访地址',
  },
  'visit.check_in': {
    en: '{time} {actor} checked in {distance} m from the address',
    'zh-CN': '{time} {actor} 在距地址 {distance} 米处签到',
  },
  'visit.cancel': {
    en: '{time} {actor} cancelled the visit: {reason}',
    'zh-CN': '{time} {actor} 取消了走访：{reason}',
  },
  'visit.missed': {
    en: '{time} {actor} marked the visit missed: {reason} (slot ended {slotEnd})',
    'zh-CN': '{time} {actor} 将走访标记为未完成：{reason}（时段于 {slotEnd} 结束）',
  },
  'appointment.agree': {
    en: '{time} {actor} recorded the slot {date} {slot} agreed with the borrower',
    'zh-CN': '{time} {actor} 登记了与借款人约定的时段 {date} {slot}',
  },
  'appointment.reschedule': {
    en: '{time} {actor} moved the agreed slot; the earlier one started {date} {slot}',
    'zh-CN': '{time} {actor} 改约了时段；原时段开始于 {date} {slot}',
  },
  'appointment.cancel': {
    en: '{time} {actor} cancelled the appointment: {reason}',
    'zh-CN': '{time} {actor} 取消了预约：{reason}',
  },
  'outcome.record': {
    en: '{time} {actor} recorded the outcome: {outcome}',
    'zh-CN': '{time} {actor} 记录了走访结果：{outcome}',
  },
  'outcome.correct': {
    en: '{time} {actor} corrected the outcome: {fromOutcome} → {outcome} (version {version}, because: {reason})',
    'zh-CN': '{time} {actor} 更正了走访结果：{fromOutcome} → {outcome}（第 {version} 版，原因：{reason}）',
  },
  'outcome.files_removed': {
    en: '{time} {actor} removed {count} file(s) from the outcome on purpose ({kinds}); version {version} no longer stands on them',
    'zh-CN': '{time} {actor} 从走访结果中有意移除了 {count} 个文件（{kinds}），第 {version} 版不再引用它们',
  },
  'field_conflict.keep': {
    en: '{time} {actor} sent a {record} made offline at {recordedAt}; it was kept for the dispatcher because {conflictReason}',
    'zh-CN': '{time} {actor} 发来离线时 {recordedAt} 的{record}；因{conflictReason}，已保存待调度员处理',
  },
  'field_conflict.accept': {
    en: '{time} {actor} accepted the crew’s {record} made at {recordedAt} onto the visit',
    'zh-CN': '{time} {actor} 采纳了外访组 {recordedAt} 的{record}，已应用到走访',
  },
  'field_conflict.dismiss': {
    en: '{time} {actor} dismissed the crew’s {record} made at {recordedAt}: {note}',
    'zh-CN': '{time} {actor} 驳回了外访组 {recordedAt} 的{record}：{note}',
  },
  'visit.return_to_crew': {
    en: '{time} {actor} put the visit back on {crew} ({members}), whose record from the door was accepted',
    'zh-CN': '{time} {actor} 将走访交回 {crew}（{members}），已采纳其现场记录',
  },
  'complaint.create': {
    en: '{time} {actor} recorded a complaint about the visit',
    'zh-CN': '{time} {actor} 登记了关于此次走访的投诉',
  },
  'complaint.assign': {
    en: '{time} {actor} gave the complaint to {assignee}',
    'zh-CN': '{time} {actor} 将投诉交给 {assignee} 处理',
  },
  'complaint.resolve': {
    en: '{time} {actor} resolved the complaint',
    'zh-CN': '{time} {actor} 处理完毕该投诉',
  },
  'compliance.acknowledge': {
    en: '{time} {actor} acknowledged a compliance exception: {comment}',
    'zh-CN': '{time} {actor} 确认了合规异常：{comment}',
  },
  'attachment.upload': {
    en: '{time} {actor} attached the {kind}',
    'zh-CN': '{time} {actor} 上传了{kind}',
  },
  'attachment.view': {
    en: '{time} {actor} viewed the {kind}',
    'zh-CN': '{time} {actor} 查看了{kind}',
  },
  'attachment.download': {
    en: '{time} {actor} downloaded the {kind}',
    'zh-CN': '{time} {actor} 下载了{kind}',
  },
};

const FALLBACK: Template = {
  en: '{time} {actor} made a change ({action})',
  'zh-CN': '{time} {actor} 进行了变更（{action}）',
};

// Who acted when no user did (a job, the system itself), and a value the entry does not have.
const WORDS = {
  system: { en: 'The system', 'zh-CN': '系统' },
  none: { en: 'no crew', 'zh-CN': '无外访组' },
  unknown: { en: '—', 'zh-CN': '—' },
} satisfies Record<string, Template>;

const LIST_SEPARATOR: Template = { en: ', ', 'zh-CN': '、' };

const ATTACHMENT_KINDS: Record<string, Template> = {
  photo: { en: 'photo', 'zh-CN': '照片' },
  audio: { en: 'audio recording', 'zh-CN': '录音' },
  video: { en: 'video recording', 'zh-CN': '录像' },
  document: { en: 'document', 'zh-CN': '文件' },
};

// Reasons the server writes as codes (a visit cancelled because its slot moved or its case was paid).
const REASONS: Record<string, Template> = {
  rescheduled: { en: 'the slot was moved', 'zh-CN': '时段已改约' },
  case_paid: { en: 'the case was paid', 'zh-CN': '案件已还清' },
  SLOT_PASSED: { en: 'the slot passed with nobody on site', 'zh-CN': '时段已过且无人到达现场' },
};

/** A param as the sentence says it: codes in the reader's words, missing values as a dash. */
function word(locale: Locale, key: string, value: HistoryParam | undefined): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    if (key === 'actor') return WORDS.system[locale];
    if (key === 'fromCrew' || key === 'crew') return WORDS.none[locale];
    return WORDS.unknown[locale];
  }
  if (Array.isArray(value)) {
    const items = key === 'kinds' ? value.map((k) => ATTACHMENT_KINDS[k]?.[locale] ?? k) : value;
    return items.join(LIST_SEPARATOR[locale]);
  }
  const s = String(value);
  switch (key) {
    case 'outcome':
    case 'fromOutcome':
      return codeLabel(locale, 'outcome', s);
    case 'status':
      return codeLabel(locale, 'status', s);
    case 'visitType':
      return codeLabel(locale, 'visitType', s);
    case 'kind':
      return ATTACHMENT_KINDS[s]?.[locale] ?? s;
    case 'record':
      return FIELD_RECORD_WORDS[s as FieldRecordAction]?.[locale] ?? s;
    case 'conflictReason':
      return CONFLICT_REASON_WORDS[s as keyof typeof CONFLICT_REASON_WORDS]?.[locale] ?? s;
    case 'reason':
      return REASONS[s]?.[locale] ?? s;
    default:
      return s;
  }
}

/** The sentence for one history entry in a language, e.g. "13:05 Wang Fang assigned the visit to crew 3 (…)". */
export function describeHistory(entry: HistoryEntry, locale: Locale): string {
  const template = (HISTORY_MESSAGES[entry.action] ?? FALLBACK)[locale];
  const params: Record<string, HistoryParam> = { ...entry.params, action: entry.action };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => word(locale, name, params[name]));
}
