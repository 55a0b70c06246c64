export type AppErrorStatus =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

/** One domain error: the tRPC status it maps to and its message per language ({name} is interpolated). */
export interface ErrorDef {
  status: AppErrorStatus;
  en: string;
  'zh-CN': string;
}
