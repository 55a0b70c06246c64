import { Alert, Autocomplete, Button, FileButton, Paper, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadAnswer } from '../../../../server/modules/intake/intake.browser';
import { useTRPC } from '../../lib/trpc';
import { uploadImportFile } from './upload-file';

const ACCEPT = '.csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The first step: the source name (the team's saved ones suggested) and the file, dropped or chosen, sent with
 * a progress bar. The server answers the header, the first rows and the mapping to offer.
 */
export function UploadCard({
  teamId,
  source,
  onSource,
  onUploaded,
}: {
  teamId: string;
  source: string;
  onSource: (source: string) => void;
  onUploaded: (answer: UploadAnswer) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const sources = useQuery(trpc.intake.sources.queryOptions({ teamId }));
  const [sending, setSending] = useState<{ name: string; share: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);

  const send = (file: File | null) => {
    if (!file || sending) return;
    setError(null);
    setSending({ name: file.name, share: 0 });
    uploadImportFile<UploadAnswer>(file, { team: teamId, source: source.trim() || null }, (share) =>
      setSending({ name: file.name, share }),
    )
      .then(onUploaded)
      .catch((err: Error) => setError(err.message))
      .finally(() => setSending(null));
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    send(e.dataTransfer.files[0] ?? null);
  };

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Autocomplete
          label={t('intake.source')}
          description={t('intake.sourceHint')}
          data={sources.data ?? []}
          value={source}
          onChange={onSource}
          maw={420}
          data-testid="import-source"
        />
        <Paper
          withBorder
          p="xl"
          bg={over ? 'blue.0' : 'gray.0'}
          style={{ borderStyle: 'dashed' }}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
          data-testid="import-drop"
        >
          <Stack align="center" gap="xs">
            <Text c="dimmed">{t('intake.dropHere')}</Text>
            <FileButton onChange={send} accept={ACCEPT}>
              {(props) => (
                <Button {...props} loading={!!sending} data-testid="import-choose">
                  {t('intake.chooseFile')}
                </Button>
              )}
            </FileButton>
          </Stack>
        </Paper>
        {sending && (
          <Stack gap={4}>
            <Text size="sm">{t('intake.uploading', { name: sending.name })}</Text>
            <Progress value={Math.round(sending.share * 100)} animated data-testid="upload-progress" />
          </Stack>
        )}
        {error && (
          <Alert color="red" title={t('intake.uploadFailed')} data-testid="upload-error">
            {error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
