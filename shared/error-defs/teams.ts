import type { ErrorDef } from './types';

/** Errors about a team's own settings, such as where its borrowers complain. */
export const TEAM_ERRORS = {
  COMPLAINT_CHANNEL_MISSING: {
    status: 'CONFLICT',
    en: 'This page cannot be shown yet: the lender has not published where to complain about its visits. Please contact the lender through its official customer service.',
    'zh-CN': '此页面暂时无法显示：放款机构尚未公布上门服务的投诉渠道。请通过放款机构的官方客服联系。',
  },
  TEAM_COMPLAINT_CHANNEL_MISSING: {
    status: 'CONFLICT',
    en: 'Team {team} has no complaint channel yet: borrowers must be told where to complain before they get a link or see a badge. An administrator sets it under Admin → Teams.',
    'zh-CN':
      '小组 {team} 尚未设置投诉渠道：向借款人发送链接或出示工作证之前，必须告知投诉渠道。请管理员在“管理 → 小组”中设置。',
  },
  COMPLAINT_CHANNEL_REQUIRED: {
    status: 'BAD_REQUEST',
    en: 'Give a complaint phone number, a web address, or both.',
    'zh-CN': '请填写投诉电话、网址，或两者都填。',
  },
} as const satisfies Record<string, ErrorDef>;
