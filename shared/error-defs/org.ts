import type { ErrorDef } from './types';

/**
 * Errors of setting up the organisation (SPEC §8.1–8.2): teams and their policy, bases, agents, rosters and crews.
 * Each slice keeps its codes in its own block below.
 */
export const ORG_ERRORS = {
  ORG_CHANGE_AFFECTS_VISITS: {
    status: 'CONFLICT',
    en: 'This change would take {count} planned visit(s) off their crews. Review the list and confirm to put them back in the tray, or change something else.',
    'zh-CN':
      '此更改会使 {count} 个已安排的拜访离开其外访组。请查看清单，确认后这些拜访将退回待分配区，或改为其他更改。',
  },
  // Tray reasons: why an organisation change put a visit back in the tray (shown on the board).
  TRAY_AGENT_OFF: {
    status: 'CONFLICT',
    en: 'An agent of its crew is no longer on shift that day (leave, sickness, training or a holiday).',
    'zh-CN': '其外访组的一名外访员当天已不在班（休假、病假、培训或节假日）。',
  },
  TRAY_SHIFT_CHANGED: {
    status: 'CONFLICT',
    en: 'Its crew’s shift was changed and no longer covers the visit.',
    'zh-CN': '其外访组的班次已更改，不再覆盖此拜访。',
  },
  TRAY_CREW_CHANGED: {
    status: 'CONFLICT',
    en: 'Its crew was split, merged or changed by hand.',
    'zh-CN': '其外访组已被拆分、合并或手动更改。',
  },
  TRAY_CREDENTIAL_INVALID: {
    status: 'CONFLICT',
    en: 'An agent of its crew has no valid credential on the visit’s date.',
    'zh-CN': '其外访组的一名外访员在拜访当天没有有效的上岗证。',
  },
  TRAY_AGENT_INACTIVE: {
    status: 'CONFLICT',
    en: 'An agent of its crew was deactivated.',
    'zh-CN': '其外访组的一名外访员已被停用。',
  },
  // Teams, policy and bases: codes below this line.
  TEAM_CODE_TAKEN: {
    status: 'CONFLICT',
    en: 'Team code {code} is already in use.',
    'zh-CN': '小组代码 {code} 已被使用。',
  },
  TEAM_NAME_TAKEN: {
    status: 'CONFLICT',
    en: 'A team named {name} already exists.',
    'zh-CN': '已存在名为 {name} 的小组。',
  },
  BASE_NAME_TAKEN: {
    status: 'CONFLICT',
    en: 'This team already has a base named {name}.',
    'zh-CN': '该小组已有名为 {name} 的驻点。',
  },
  TEAM_TIME_ZONE_UNKNOWN: {
    status: 'BAD_REQUEST',
    en: '{zone} is not a known time zone; use an IANA name such as Asia/Shanghai.',
    'zh-CN': '{zone} 不是可识别的时区，请使用 IANA 名称，例如 Asia/Shanghai。',
  },
  POLICY_HOURS_REVERSED: {
    status: 'BAD_REQUEST',
    en: 'The allowed visiting hours must end after they start ({start}–{end}).',
    'zh-CN': '允许拜访时段的结束时间必须晚于开始时间（{start}–{end}）。',
  },
  POLICY_SLOT_TOO_LONG: {
    status: 'BAD_REQUEST',
    en: 'A {slot}-minute slot does not fit in the allowed hours {start}–{end}.',
    'zh-CN': '{slot} 分钟的时段放不进允许拜访时段 {start}–{end}。',
  },
  POLICY_EFFECTIVE_IN_PAST: {
    status: 'BAD_REQUEST',
    en: 'A policy change cannot start in the past ({date}); the earliest is today, {today}, in the team’s time zone.',
    'zh-CN': '政策变更不能从过去的日期（{date}）生效；最早为小组时区的今天 {today}。',
  },
  BASE_IN_USE: {
    status: 'CONFLICT',
    en: 'Base {name} is still used by {agents} agent(s) and {patterns} roster pattern(s); move them to another base first.',
    'zh-CN': '驻点 {name} 仍被 {agents} 名外访员和 {patterns} 个排班模式使用，请先将其改到其他驻点。',
  },

  // Agents: codes below this line.
  BADGE_TAKEN: {
    status: 'CONFLICT',
    en: 'Badge number {badgeNo} is already in use.',
    'zh-CN': '工号 {badgeNo} 已被使用。',
  },
  CREDENTIAL_NO_TAKEN: {
    status: 'CONFLICT',
    en: 'Credential number {credentialNo} is already on another agent.',
    'zh-CN': '上岗证编号 {credentialNo} 已属于另一名外访员。',
  },
  AGENT_USER_INVALID: {
    status: 'BAD_REQUEST',
    en: 'Choose a sign-in with the role agent that is not linked to another agent.',
    'zh-CN': '请选择角色为外访员且未关联其他外访员的账号。',
  },
  AGENT_BASE_REQUIRED: {
    status: 'BAD_REQUEST',
    en: 'Choose the base the agent starts from.',
    'zh-CN': '请选择外访员出发的驻点。',
  },
  AGENT_BASE_INVALID: {
    status: 'BAD_REQUEST',
    en: 'Choose one of the team’s active bases.',
    'zh-CN': '请选择该小组仍在使用的驻点。',
  },
  AGENT_PARTNER_INVALID: {
    status: 'BAD_REQUEST',
    en: 'The preferred partner must be another agent of the same team.',
    'zh-CN': '首选搭档须为同一小组的另一名外访员。',
  },

  // Rosters: codes below this line.
  ROSTER_END_BEFORE_START: {
    status: 'BAD_REQUEST',
    en: 'The shift must end after it starts ({starts}).',
    'zh-CN': '班次的结束时间须晚于开始时间（{starts}）。',
  },
  ROSTER_BREAK_INCOMPLETE: {
    status: 'BAD_REQUEST',
    en: 'A break window needs both a start and an end.',
    'zh-CN': '休息时段须同时填写开始和结束时间。',
  },
  ROSTER_BREAK_OUTSIDE_SHIFT: {
    status: 'BAD_REQUEST',
    en: 'The break window must lie inside the shift ({starts}–{ends}) and end after it starts.',
    'zh-CN': '休息时段须在班次（{starts}–{ends}）之内，且结束晚于开始。',
  },
  ROSTER_BREAK_TOO_LONG: {
    status: 'BAD_REQUEST',
    en: 'The break ({minutes} min) is longer than its window ({window} min).',
    'zh-CN': '休息时长（{minutes} 分钟）超过了休息时段（{window} 分钟）。',
  },
  ROSTER_BREAK_WITHOUT_WINDOW: {
    status: 'BAD_REQUEST',
    en: 'A break length needs a break window to take it in.',
    'zh-CN': '设置了休息时长，须同时设置休息时段。',
  },
  ROSTER_PATTERNS_OVERLAP: {
    status: 'CONFLICT',
    en: 'Overlapping shifts: {agent} already has a pattern on some of these weekdays, valid from {from}. End that pattern first or pick other days.',
    'zh-CN': '班次重叠：{agent} 在其中部分星期已有自 {from} 起生效的排班规则。请先结束该规则或选择其他日期。',
  },
  ROSTER_BASE_OTHER_TEAM: {
    status: 'BAD_REQUEST',
    en: 'This base belongs to another team; pick a base of the agent’s own team.',
    'zh-CN': '该驻点属于其他小组，请选择该外访员所在小组的驻点。',
  },
  ROSTER_AGENT_INACTIVE: {
    status: 'CONFLICT',
    en: '{agent} is inactive and gets no shifts. Reactivate the agent first.',
    'zh-CN': '{agent} 已停用，不能排班。请先重新启用该外访员。',
  },
  ROSTER_PATTERN_CHANGED: {
    status: 'CONFLICT',
    en: 'Someone else changed this roster pattern since you opened it. Reload to see their change, then edit again.',
    'zh-CN': '您打开后，其他人已修改此排班规则。请刷新查看其更改后再编辑。',
  },
  ROSTER_HOLIDAY_WHOLE_TEAM: {
    status: 'BAD_REQUEST',
    en: 'A public holiday is for the whole team; leave the agent empty.',
    'zh-CN': '节假日适用于整个小组，请不要选择外访员。',
  },
  ROSTER_AGENT_REQUIRED: {
    status: 'BAD_REQUEST',
    en: 'Choose the agent who is on leave, sick or in training.',
    'zh-CN': '请选择休假、病假或培训的外访员。',
  },
  ROSTER_DATE_PAST: {
    status: 'BAD_REQUEST',
    en: 'Shifts before today ({today}) are history and cannot be changed.',
    'zh-CN': '今天（{today}）之前的班次已成记录，不能更改。',
  },
  ROSTER_AGENT_OFF: {
    status: 'CONFLICT',
    en: '{agent} is off on {date} (leave, sickness, training or a holiday); remove that exception first.',
    'zh-CN': '{agent} 在 {date} 不上班（休假、病假、培训或节假日），请先删除该例外。',
  },

  // Crews: codes below this line.
  CREW_AGENT_UNPAIRED: {
    status: 'CONFLICT',
    en: '{agent} is on shift but has no partner: the team’s two-person rule allows no one-person crew. Add a shift for a partner or pair {agent} by hand.',
    'zh-CN':
      '{agent} 当天在班但没有搭档：本小组实行两人同行规则，不允许单人外访组。请为其搭档排班，或手动为 {agent} 配对。',
  },
  CREW_MIX_UNMET: {
    status: 'CONFLICT',
    en: '{agent} could not be put in a crew that holds the team’s required skills and languages ({required}).',
    'zh-CN': '无法为 {agent} 组成具备本小组所需技能和语言（{required}）的外访组。',
  },
  CREW_KEPT_MANUAL: {
    status: 'CONFLICT',
    en: 'Crew {crew} was set by hand and was kept.',
    'zh-CN': '外访组 {crew} 为手动设置，已保留。',
  },
  CREW_KEPT_WITH_VISITS: {
    status: 'CONFLICT',
    en: 'Crew {crew} has visits or a plan on this day and was kept.',
    'zh-CN': '外访组 {crew} 当天已有拜访或路线计划，已保留。',
  },
  CREW_NO_SHIFTS: {
    status: 'CONFLICT',
    en: 'Nobody of this team is on shift on {date}: there is no crew to make.',
    'zh-CN': '本小组在 {date} 没有外访员在班，无法生成外访组。',
  },
  CREW_SPLIT_TWO_PERSON_RULE: {
    status: 'CONFLICT',
    en: 'The team’s two-person rule is on: a crew cannot be split into one-person crews.',
    'zh-CN': '本小组实行两人同行规则，外访组不能拆分为单人外访组。',
  },
  CREW_SPLIT_NEEDS_TWO: {
    status: 'CONFLICT',
    en: 'Crew {crew} has one member: there is nothing to split.',
    'zh-CN': '外访组 {crew} 只有一名成员，无法拆分。',
  },
  CREW_MERGE_NEEDS_SINGLES: {
    status: 'CONFLICT',
    en: 'Only two one-person crews can be merged; {crew} has {count} members.',
    'zh-CN': '只能合并两个单人外访组；{crew} 有 {count} 名成员。',
  },
  CREW_SAME_CREW: {
    status: 'BAD_REQUEST',
    en: 'Choose two different crews.',
    'zh-CN': '请选择两个不同的外访组。',
  },
  CREW_OTHER_DAY: {
    status: 'BAD_REQUEST',
    en: 'The two crews must be of the same team and day.',
    'zh-CN': '两个外访组必须属于同一小组、同一天。',
  },
  CREW_AGENT_NOT_MEMBER: {
    status: 'BAD_REQUEST',
    en: 'That agent is not a member of crew {crew}.',
    'zh-CN': '该外访员不是外访组 {crew} 的成员。',
  },
  CREW_WORK_STARTED: {
    status: 'CONFLICT',
    en: 'Crew {crew} has visits under way or done on this day; it can no longer be changed.',
    'zh-CN': '外访组 {crew} 当天已有进行中或已完成的拜访，不能再更改。',
  },
  CREW_HAS_HISTORY: {
    status: 'CONFLICT',
    en: 'Crew {crew} has a route plan or field records on this day, so it cannot be removed by a merge.',
    'zh-CN': '外访组 {crew} 当天已有路线计划或外勤记录，不能通过合并删除。',
  },
  CREW_NAME_TAKEN: {
    status: 'CONFLICT',
    en: 'This team already has a crew named {name} on that day.',
    'zh-CN': '该小组当天已有名为 {name} 的外访组。',
  },
} as const satisfies Record<string, ErrorDef>;
