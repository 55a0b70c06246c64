import type { ErrorDef } from './types';

/** Errors of the running system rather than of a request: the caller did nothing wrong and may retry. */
export const SYSTEM_ERRORS = {
  // What an unexpected failure says instead of its internal message (which may name tables or values).
  INTERNAL_ERROR: {
    status: 'INTERNAL_SERVER_ERROR',
    en: 'Something went wrong on the server. Please try again.',
    'zh-CN': '服务器内部错误，请稍后再试。',
  },
  DATABASE_UNAVAILABLE: {
    status: 'SERVICE_UNAVAILABLE',
    en: 'The database cannot be reached right now. Nothing was changed; please try again in a moment.',
    'zh-CN': '暂时无法连接数据库，本次操作未生效，请稍后再试。',
  },
} as const satisfies Record<string, ErrorDef>;
