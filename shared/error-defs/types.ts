import type { Message } from '../messages/catalogue';

export type AppErrorStatus =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE';

/** One domain error: the tRPC status it maps to and its message per language ({name} is interpolated). */
export interface ErrorDef extends Message {
  status: AppErrorStatus;
}
