import type { ErrorDef } from './types';

/**
 * Field messages of the input blocks (shared/schemas/blocks.ts): a zod issue carries one of these codes as its
 * message and the error formatter writes it in the caller's language, next to the field it names. Placeholders
 * are filled from the issue (zod's `minimum` / `maximum`) and the block's `params`.
 */
export const INPUT_ERRORS = {
  TEXT_CONTROL_CHAR: {
    status: 'BAD_REQUEST',
    en: 'must not contain control characters (such as NUL); please retype it',
    'zh-CN': '不能包含控制字符（如 NUL），请重新输入',
  },
  TEXT_LONE_SURROGATE: {
    status: 'BAD_REQUEST',
    en: 'contains an invalid character (half of an emoji or symbol); please retype it',
    'zh-CN': '包含无效字符（残缺的表情或符号），请重新输入',
  },
  TEXT_REQUIRED: { status: 'BAD_REQUEST', en: 'must not be empty', 'zh-CN': '不能为空' },
  TEXT_TOO_SHORT: {
    status: 'BAD_REQUEST',
    en: 'must be at least {minimum} characters',
    'zh-CN': '至少需要 {minimum} 个字符',
  },
  TEXT_TOO_LONG: {
    status: 'BAD_REQUEST',
    en: 'must be at most {maximum} characters',
    'zh-CN': '最多 {maximum} 个字符',
  },
  TEXT_EXPECTED: { status: 'BAD_REQUEST', en: 'must be text', 'zh-CN': '必须是文本' },
  REQUEST_KEY_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be 8 to 100 letters, digits or . _ : - (a request key)',
    'zh-CN': '请求标识须为 8 到 100 个字母、数字或 . _ : -',
  },
  USERNAME_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'letters, digits, dot, dash or underscore only',
    'zh-CN': '只能包含字母、数字、点、短横线或下划线',
  },
  BADGE_CODE_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be the 6-character code shown on the badge',
    'zh-CN': '须为工作证上显示的 6 位验证码',
  },
  MIME_TYPE_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be a file type such as image/jpeg',
    'zh-CN': '须为文件类型，例如 image/jpeg',
  },
  BASE64_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be the file content in base64',
    'zh-CN': '须为 base64 编码的文件内容',
  },
  PHONE_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be a phone number: digits, spaces and + - ( ) only',
    'zh-CN': '须为电话号码：只能包含数字、空格和 + - ( )',
  },
  MOBILE_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be a mainland China mobile number: 11 digits starting with 1',
    'zh-CN': '须为中国大陆手机号码：以 1 开头的 11 位数字',
  },
  STAFF_NUMBER_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'letters, digits and dashes only, starting with a letter or digit',
    'zh-CN': '只能包含字母、数字和短横线，且须以字母或数字开头',
  },
  LANGUAGE_CODE_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be a language code such as zh, en or yue',
    'zh-CN': '须为语言代码，例如 zh、en 或 yue',
  },
  LOAN_REF_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'letters, digits and - _ / . only, starting with a letter or digit',
    'zh-CN': '只能包含字母、数字和 - _ / .，且须以字母或数字开头',
  },
  CN_ID_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be an 18-character resident ID number: 17 digits, then a digit or X',
    'zh-CN': '须为 18 位居民身份证号码：17 位数字加 1 位数字或 X',
  },
  CN_ID_BIRTH_DATE: {
    status: 'BAD_REQUEST',
    en: 'the birth date in this ID number (digits 7 to 14) does not exist; please check it',
    'zh-CN': '身份证号码中的出生日期（第 7 至 14 位）不存在，请核对',
  },
  CN_ID_CHECK_DIGIT: {
    status: 'BAD_REQUEST',
    en: 'the last character does not match the rest of the ID number; a digit was probably mistyped',
    'zh-CN': '身份证号码校验位不符，可能有数字输错，请核对',
  },
  URL_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be a web address starting with https://',
    'zh-CN': '须为以 https:// 开头的网址',
  },
  TIME_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be a time of day as HH:MM (e.g. 08:00)',
    'zh-CN': '时间格式须为 HH:MM（例如 08:00）',
  },
  TEAM_CODE_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be 2 to 16 letters, digits or dashes, starting with a letter (e.g. SH01)',
    'zh-CN': '须为 2 到 16 个字母、数字或短横线，并以字母开头（例如 SH01）',
  },
  TIME_ZONE_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be an IANA time zone name such as Asia/Shanghai',
    'zh-CN': '须为 IANA 时区名称，例如 Asia/Shanghai',
  },
  ID_FORMAT: { status: 'BAD_REQUEST', en: 'must be an id (UUID)', 'zh-CN': '须为 ID（UUID）' },
  IDS_REPEATED: { status: 'BAD_REQUEST', en: 'lists the same item more than once', 'zh-CN': '包含重复的项' },
  LIST_TOO_SHORT: { status: 'BAD_REQUEST', en: 'must list at least {minimum}', 'zh-CN': '至少需要 {minimum} 项' },
  LIST_TOO_LONG: { status: 'BAD_REQUEST', en: 'may list at most {maximum}', 'zh-CN': '最多 {maximum} 项' },
  DATE_FORMAT: { status: 'BAD_REQUEST', en: 'must be a date as YYYY-MM-DD', 'zh-CN': '日期格式须为 YYYY-MM-DD' },
  DATE_NOT_REAL: {
    status: 'BAD_REQUEST',
    en: 'is not a real date: that day does not exist in the calendar',
    'zh-CN': '日期不存在：日历中没有这一天',
  },
  DATE_OUT_OF_RANGE: {
    status: 'BAD_REQUEST',
    en: 'must be a date in the years {minYear} to {maxYear}',
    'zh-CN': '日期须在 {minYear} 年至 {maxYear} 年之间',
  },
  INSTANT_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be a real date and time with its offset, e.g. 2026-05-04T14:00:00+08:00',
    'zh-CN': '须为带时区偏移的有效日期时间，例如 2026-05-04T14:00:00+08:00',
  },
  NUMBER_EXPECTED: { status: 'BAD_REQUEST', en: 'must be a number', 'zh-CN': '必须是数字' },
  NUMBER_NOT_WHOLE: { status: 'BAD_REQUEST', en: 'must be a whole number', 'zh-CN': '必须是整数' },
  NUMBER_TOO_SMALL: { status: 'BAD_REQUEST', en: 'must be at least {minimum}', 'zh-CN': '不能小于 {minimum}' },
  NUMBER_TOO_LARGE: { status: 'BAD_REQUEST', en: 'must be at most {maximum}', 'zh-CN': '不能大于 {maximum}' },
  AMOUNT_NOT_POSITIVE: { status: 'BAD_REQUEST', en: 'must be more than zero', 'zh-CN': '金额必须大于零' },
  AMOUNT_TOO_LARGE: {
    status: 'BAD_REQUEST',
    en: 'must be at most {maxAmount}',
    'zh-CN': '金额不能超过 {maxAmount}',
  },
  RANGE_REVERSED: { status: 'BAD_REQUEST', en: 'must not be below the lower bound', 'zh-CN': '不能小于下限' },
  PERIOD_REVERSED: { status: 'BAD_REQUEST', en: 'must not be before the start date', 'zh-CN': '不能早于开始日期' },
  PERIOD_TOO_LONG: {
    status: 'BAD_REQUEST',
    en: 'the period may be at most {maxDays} days',
    'zh-CN': '时间段最长为 {maxDays} 天',
  },
  TIME_OF_DAY_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be a time of day as HH:MM (00:00 to 23:59), e.g. 09:30',
    'zh-CN': '须为 HH:MM 格式的时间（00:00 至 23:59），例如 09:30',
  },
} as const satisfies Record<string, ErrorDef>;
