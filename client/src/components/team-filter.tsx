import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type RouterOutputs, useTRPC } from '../lib/trpc';

export type TeamDto = RouterOutputs['teams']['list'][number];

/**
 * The teams the user may see and the one chosen in the URL (?team=…), so a filtered page can be
 * bookmarked. Without `allowAll` the first team is chosen by default.
 */
export function useTeamFilter({ allowAll = false }: { allowAll?: boolean } = {}) {
  const trpc = useTRPC();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [params, setParams] = useSearchParams();
  const wanted = params.get('team');
  const list = teams.data ?? [];
  const team = list.find((t) => t.id === wanted) ?? (allowAll ? undefined : list[0]);
  const setTeam = (id: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('team', id);
        else next.delete('team');
        return next;
      },
      { replace: true },
    );
  return { teams, team, setTeam };
}

/** Team picker bound to useTeamFilter. */
export function TeamSelect({
  teams,
  value,
  onChange,
  allowAll = false,
}: {
  teams: readonly TeamDto[];
  value: string | undefined;
  onChange: (id: string | null) => void;
  allowAll?: boolean;
}) {
  const { t } = useTranslation();
  const data = teams.map((team) => ({ value: team.id, label: `${team.name} · ${team.city}` }));
  return (
    <Select
      label={t('common.team')}
      data-testid="team-select"
      w={240}
      data={data}
      value={value ?? null}
      onChange={onChange}
      clearable={allowAll}
      placeholder={allowAll ? t('common.allTeams') : undefined}
      allowDeselect={allowAll}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
