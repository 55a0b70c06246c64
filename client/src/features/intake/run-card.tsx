import { Alert, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC } from '../../lib/trpc';
import { CountTiles } from './check-card';

/** How often the page asks where a running import is. */
const POLL_MS = 700;

/**
 * A started import: a progress bar (rows processed of the file's rows) polled until it ends, then what it did,
 * with the way on: the "needs a location" queue when addresses wait for a pin, and the worklist.
 */
export function RunCard({ runId, onAgain }: { runId: string; onAgain: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.intake.run.queryOptions({ runId }),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : POLL_MS),
  });
  const r = run.data;
  if (!r) return null;
  const share = r.totalRows ? Math.round((r.processedRows / r.totalRows) * 100) : 0;
  const { created, updated, unchanged, rejected, needsLocation } = r;
  return (
    <Paper withBorder p="md" data-testid="import-run" data-status={r.status}>
      <Stack gap="sm">
        {r.status === 'running' ? (
          <>
            <Title order={5}>{t('intake.importing')}</Title>
            <Progress value={share} animated data-testid="run-progress" />
            <Text size="sm">{t('intake.progress', { processed: r.processedRows, total: r.totalRows })}</Text>
          </>
        ) : (
          <>
            <Title order={5} data-testid="run-finished">
              {t('intake.finished')}
            </Title>
            {r.status === 'refused' && <Alert color="orange">{t('intake.refused')}</Alert>}
            {r.status === 'failed' && <Alert color="red">{t('intake.failed', { failure: r.failure ?? '' })}</Alert>}
            <CountTiles counts={{ created, updated, unchanged, rejected, needsLocation }} words="done" />
            <Group>
              {r.needsLocation > 0 && (
                <Button
                  component={Link}
                  to={`/locations?team=${r.teamId}`}
                  variant="light"
                  data-testid="open-locations"
                >
                  {t('intake.openLocations', { count: r.needsLocation })}
                </Button>
              )}
              <Button component={Link} to={`/cases?team=${r.teamId}`} variant="light" data-testid="open-worklist">
                {t('intake.openWorklist')}
              </Button>
              <Button variant="subtle" onClick={onAgain} data-testid="import-again">
                {t('intake.startOver')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
