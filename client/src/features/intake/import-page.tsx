import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { ColumnMapping } from '@shared/domain/intake';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadAnswer } from '../../../../server/modules/intake/intake.browser';
import { PageHeader } from '../../components/page-header';
import { TeamSelect, useTeamFilter } from '../../components/team-filter';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';
import { CheckCard } from './check-card';
import { MappingCard } from './mapping-card';
import { RecentImports } from './recent-imports';
import { RunCard } from './run-card';
import { UploadCard } from './upload-card';

type Checked = RouterOutputs['intake']['validate'];

const DELIMITER_WORD = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;

/**
 * Case intake in the browser (SPEC §8.3): upload the lender's file, match its columns to the template, check every
 * row (counts, rejected rows with reasons, their download), then import the valid ones and watch the progress;
 * the team's recent imports below. The server does every check; this page only shows what it answers.
 */
export default function ImportPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { teams, team, setTeam } = useTeamFilter();
  const [source, setSource] = useState('');
  const [upload, setUpload] = useState<UploadAnswer | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [checked, setChecked] = useState<(Checked & { key: string }) | null>(null);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);

  const validate = useMutation(
    trpc.intake.validate.mutationOptions({ onSuccess: (out) => setChecked({ ...out, key: crypto.randomUUID() }) }),
  );
  const start = useMutation(
    trpc.intake.start.mutationOptions({
      onSuccess: (out) => {
        setRunId(out.runId);
        void qc.invalidateQueries({ queryKey: trpc.intake.pathKey() });
      },
    }),
  );
  const reset = () => {
    setUpload(null);
    setChecked(null);
    setRunId(null);
    validate.reset();
    start.reset();
    void qc.invalidateQueries({ queryKey: trpc.intake.pathKey() });
  };
  const changeMapping = (next: ColumnMapping) => {
    setMapping(next);
    setChecked(null);
  };
  // Only the columns the file has: an absent column is one the import does not read.
  const mapped = Object.fromEntries(Object.entries(mapping).filter(([, from]) => from)) as Record<string, string>;
  const request = upload && { uploadId: upload.uploadId, source: source.trim() || undefined, mapping: mapped };
  const problem = validate.error ?? start.error;

  return (
    <Stack gap="md" maw={1100}>
      <PageHeader title={t('intake.title')}>
        {teams.data && teams.data.length > 1 && (
          <TeamSelect
            teams={teams.data}
            value={team?.id}
            onChange={(id) => {
              setTeam(id);
              reset();
            }}
          />
        )}
      </PageHeader>
      {!upload && <Text c="dimmed">{t('intake.intro')}</Text>}
      {team && !upload && (
        <UploadCard
          teamId={team.id}
          source={source}
          onSource={setSource}
          onUploaded={(answer) => {
            setUpload(answer);
            setMapping(answer.mapping);
          }}
        />
      )}
      {upload && (
        <Group justify="space-between">
          <Text size="sm" data-testid="import-file">
            {[
              t('intake.fileSummary', {
                name: upload.fileName,
                count: upload.rowCount,
                format: upload.format.toUpperCase(),
              }),
              upload.encoding && t('intake.encoding', { encoding: upload.encoding.toUpperCase() }),
              upload.delimiter &&
                t('intake.delimiter', { delimiter: t(`intake.delimiters.${DELIMITER_WORD[upload.delimiter]}`) }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          {!runId && (
            <Button variant="subtle" size="xs" onClick={reset}>
              {t('intake.anotherFile')}
            </Button>
          )}
        </Group>
      )}
      {upload && !runId && <MappingCard upload={upload} mapping={mapping} onChange={changeMapping} />}
      {request && !runId && (
        <Group>
          <Button
            onClick={() => validate.mutate(request)}
            loading={validate.isPending}
            variant={checked ? 'default' : 'filled'}
            data-testid="import-check"
          >
            {validate.isPending ? t('intake.checking') : t('intake.check')}
          </Button>
        </Group>
      )}
      {problem && (
        <Alert color="red" data-testid="import-error">
          {errorInfo(problem).message}
        </Alert>
      )}
      {request && checked && !runId && (
        <CheckCard
          checked={checked}
          allOrNothing={allOrNothing}
          onAllOrNothing={setAllOrNothing}
          importing={start.isPending}
          onImport={() => start.mutate({ ...request, allOrNothing, idempotencyKey: checked.key })}
        />
      )}
      {runId && <RunCard runId={runId} onAgain={reset} />}
      {team && <RecentImports teamId={team.id} timeZone={team.timeZone} />}
    </Stack>
  );
}
