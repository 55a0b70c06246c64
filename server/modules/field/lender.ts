import type { Locale } from '../../../shared/errors';

/** Who the agents visit on behalf of, and where a borrower complains (shown on the public verification page). */
export const LENDER = {
  name: { en: 'Doorstep Consumer Finance Co., Ltd.', 'zh-CN': '门前消费金融有限公司' } satisfies Record<Locale, string>,
  complaintPhone: '400-820-1234',
  complaintUrl: 'https://doorstep.example.com/complaints',
} as const;
