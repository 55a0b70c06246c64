import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LiveTeam } from './use-board';

/**
 * How many teams one page follows live. Each team's stream is a request that stays open, and Chromium keeps six
 * connections per site over HTTP/1.1: with a stream per team of a 25-team board no other request of the page
 * got through. Four leaves two for the board's own queries.
 */
export const MAX_LIVE_TEAMS = 4;

/** Live updates for the teams shown, the first MAX_LIVE_TEAMS of them; a notice says when some are not followed. */
export function LiveTeams({ teamIds, enabled }: { teamIds: readonly string[]; enabled: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {teamIds.slice(0, MAX_LIVE_TEAMS).map((id) => (
        <LiveTeam key={id} teamId={id} enabled={enabled} />
      ))}
      {enabled && teamIds.length > MAX_LIVE_TEAMS && (
        <Alert color="yellow" variant="light" p="xs" data-testid="live-too-many">
          {t('dispatch.live.tooMany', { count: teamIds.length, max: MAX_LIVE_TEAMS })}
        </Alert>
      )}
    </>
  );
}
