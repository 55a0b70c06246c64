import { MAX_BATCH_URL_LENGTH } from '@shared/http-limits';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { ErrorData } from '../../../server/trpc/error-conversion';
import type { AppRouter } from '../../../server/trpc/root';
import { currentLanguage, i18n, type Language, requestLanguage } from '../i18n';
import { SHELL_READS } from '../service-worker/shell-reads';

/** Typed tRPC hooks for React Query: `useTRPC()` gives queryOptions/mutationOptions per procedure. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * The boards' reads: large (the admin's first page of "All my teams" is ~270 KB) and the slowest to answer. A batch
 * answers when its last call has, so sharing one with `auth.me` held the whole app shell until the boards were in
 * (#19: the cold all-teams day over 3 s). They travel in their own batch, so the shell and the page around the
 * board render while the boards are still on their way.
 */
const BOARD_READS: ReadonlySet<string> = new Set(['dispatch.teamsPage', 'dispatch.day']);

/**
 * The shell's reads (service-worker/shell-reads.ts: the only answers the worker keeps for a reload without signal)
 * in a batch of their own, so no other answer — the agent's route, which the phone keeps itself with what it did
 * since — is kept with them and handed back stale.
 */
const SHELL_READ_SET: ReadonlySet<string> = new Set(SHELL_READS);

const batchLink = () =>
  httpBatchLink({
    url: '/trpc',
    maxURLLength: MAX_BATCH_URL_LENGTH,
    headers: () => ({ 'x-doorstep-locale': requestLanguage() }),
    fetch: (url, options) => fetch(url, { ...options, credentials: 'include' }),
  });

/** The one tRPC client: batched HTTP, session cookie, and the UI language so errors come back translated. */
export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [
      // Subscriptions (live board updates) travel as server-sent events; everything else is batched HTTP.
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: '/trpc' }),
        false: splitLink({
          condition: (op) => BOARD_READS.has(op.path),
          true: batchLink(),
          false: splitLink({ condition: (op) => SHELL_READ_SET.has(op.path), true: batchLink(), false: batchLink() }),
        }),
      }),
    ],
  });
}

/** What the UI needs from any failed call: a translated message, the domain code and per-field messages. */
interface ErrorInfo {
  message: string;
  appCode: string | null;
  fieldErrors: Record<string, string>;
  /** The language the message is written in: the server's answer says; a message made here is in the UI's. */
  language: Language;
}

/** Reads a tRPC error (or anything thrown) into ErrorInfo; network failures get a generic translated message. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = error.data as Partial<ErrorData> | undefined;
    if (data) {
      return {
        message: error.message,
        appCode: data.appCode ?? null,
        fieldErrors: data.fieldErrors ?? {},
        language: data.locale ?? currentLanguage(),
      };
    }
  }
  return { message: i18n.t('errors.network'), appCode: null, fieldErrors: {}, language: currentLanguage() };
}

/** True when the server says the session is gone. */
export function isUnauthenticated(error: unknown): boolean {
  return (
    error instanceof TRPCClientError && (error.data as Partial<ErrorData> | undefined)?.appCode === 'UNAUTHENTICATED'
  );
}

/** Outputs of every procedure, for typing props of components that receive server data. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
