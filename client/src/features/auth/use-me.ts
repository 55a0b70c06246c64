import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { forgetDeviceData, unsentCount } from '../my-route/device-data';

/** The signed-in user (null when signed out); cached for the whole session. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: Number.POSITIVE_INFINITY, retry: false });
}

/**
 * Signs out: asks first when actions recorded on this phone have not reached the server (signing out deletes
 * them); once the server has ended the session, drops every cached query, the offline queue and cached route
 * answers, and goes to the sign-in page. An answer with an error code (e.g. the session had already expired)
 * counts as signed out; no answer at all does not.
 */
export function useLogout() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signedOut = async () => {
    // Stop refetches in flight first: none may land after the phone has forgotten the user's data.
    await queryClient.cancelQueries();
    queryClient.clear();
    queryClient.setQueryData(trpc.auth.me.queryKey(), null);
    await forgetDeviceData();
    void navigate('/login', { replace: true });
  };
  const mutation = useMutation(
    trpc.auth.logout.mutationOptions({
      // Not paused while offline (React Query's default): the user must learn now that it did not happen.
      networkMode: 'always',
      onSuccess: signedOut,
      // Only the server can end the session: without a connection the user stays signed in and is told so.
      onError: (error) => {
        if (errorInfo(error).appCode) void signedOut();
        else notifications.show({ color: 'red', message: t('auth.logoutOffline') });
      },
    }),
  );
  const signOut = async () => {
    const unsent = await unsentCount();
    if (unsent > 0 && !window.confirm(t('auth.logoutUnsent', { count: unsent }))) return;
    mutation.mutate();
  };
  return { signOut, isPending: mutation.isPending };
}
