import type { Locale } from '../../../shared/errors';

/**
 * Who the agents visit on behalf of (shown on the badge and the borrower's pages). Where a borrower complains
 * is each team's own setting (teams.complaint_phone / complaint_url, teams.service complaintChannelOf).
 */
export const LENDER = {
  name: { en: 'Doorstep Consumer Finance Co., Ltd.', 'zh-CN': '门前消费金融有限公司' } satisfies Record<Locale, string>,
} as const;
