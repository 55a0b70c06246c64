import type { ErrorDef } from './types';

/** Errors of sign-in, access, validation and administration. */
export const CORE_ERRORS = {
  UNAUTHENTICATED: { status: 'UNAUTHORIZED', en: 'Please sign in.', 'zh-CN': '请先登录。' },
  INVALID_CREDENTIALS: {
    status: 'UNAUTHORIZED',
    en: 'Wrong username or password.',
    'zh-CN': '用户名或密码错误。',
  },
  LOGIN_RATE_LIMITED: {
    status: 'TOO_MANY_REQUESTS',
    en: 'Too many failed sign-in attempts. Try again in {minutes} minutes.',
    'zh-CN': '登录失败次数过多，请 {minutes} 分钟后再试。',
  },
  FORBIDDEN: { status: 'FORBIDDEN', en: 'You do not have access to this.', 'zh-CN': '您无权访问此内容。' },
  NOT_FOUND: { status: 'NOT_FOUND', en: 'Not found: {entity}.', 'zh-CN': '未找到：{entity}。' },
  USERNAME_TAKEN: {
    status: 'CONFLICT',
    en: 'The username "{username}" is already taken.',
    'zh-CN': '用户名“{username}”已被占用。',
  },
  BADGE_TAKEN: {
    status: 'CONFLICT',
    en: 'Badge number {badgeNo} is already in use.',
    'zh-CN': '工号 {badgeNo} 已被使用。',
  },
  TEAM_REQUIRED: {
    status: 'BAD_REQUEST',
    en: 'This role must belong to at least one team.',
    'zh-CN': '该角色必须至少属于一个小组。',
  },
  CANNOT_DEACTIVATE_SELF: {
    status: 'BAD_REQUEST',
    en: 'You cannot deactivate your own account.',
    'zh-CN': '不能停用自己的账号。',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 'CONFLICT',
    en: 'This request key was already used for a different action.',
    'zh-CN': '该请求标识已用于其他操作。',
  },
  IDEMPOTENCY_KEY_BODY_CHANGED: {
    status: 'CONFLICT',
    en: 'This request key was already used with different details; nothing was changed. Send a new request.',
    'zh-CN': '该请求标识已用于内容不同的请求，本次未做任何更改。请重新提交。',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 'FORBIDDEN',
    en: 'Choose a new password first: the one you signed in with was set by an administrator.',
    'zh-CN': '请先设置新密码：您登录所用的密码由管理员设置。',
  },
  CURRENT_PASSWORD_WRONG: {
    status: 'BAD_REQUEST',
    en: 'The current password is not correct.',
    'zh-CN': '当前密码不正确。',
  },
  PASSWORD_UNCHANGED: {
    status: 'BAD_REQUEST',
    en: 'Choose a password different from the current one.',
    'zh-CN': '新密码不能与当前密码相同。',
  },
  VALIDATION: { status: 'BAD_REQUEST', en: 'Please check the highlighted fields.', 'zh-CN': '请检查标出的字段。' },
} as const satisfies Record<string, ErrorDef>;
