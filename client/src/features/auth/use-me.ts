import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTRPC } from '../../lib/trpc';

/** The signed-in user (null when signed out); cached for the whole session. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: Number.POSITIVE_INFINITY, retry: false });
}

/** Signs out, drops every cached query and goes back to the sign-in page. */
export function useLogout() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.me.queryKey(), null);
        void navigate('/login', { replace: true });
      },
    }),
  );
}
