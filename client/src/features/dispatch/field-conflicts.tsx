import { Alert, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { CONFLICT_REASON_WORDS, FIELD_RECORD_WORDS } from '@shared/domain/field-conflicts';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatSlot, formatTime } from '../../lib/format';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';

type Item = RouterOutputs['fieldConflicts']['list']['items'][number];

const newKey = () => crypto.randomUUID();

/** One kept record: which visit, what the crew did, who, when on the phone and received, where, what happened. */
function ConflictRow({ c, zone, onDone }: { c: Item; zone: string; onDone: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const [dismissing, setDismissing] = useState(false);
  const [note, setNote] = useState('');
  const resolve = useMutation(trpc.fieldConflicts.resolve.mutationOptions({ onSuccess: onDone }));
  const hm = (iso: string) => formatTime(iso, zone, locale);
  const what = FIELD_RECORD_WORDS[c.action][locale];
  return (
    <Table.Tr data-testid="conflict-row" data-visit-id={c.visitId}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {c.borrowerName}
        </Text>
        <Text size="xs" c="dimmed">
          {c.district} · {formatSlot(c.slotStart, c.slotEnd, zone, locale)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {what}
          {c.outcomeCode ? ` · ${t(`outcome.${c.outcomeCode}`)}` : ''}
          {c.files > 0 ? ` · ${t('field-conflicts.files', { count: c.files })}` : ''}
        </Text>
        {c.notes && (
          <Text size="xs" c="dimmed">
            {c.notes}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{c.agentName}</Text>
        <Text size="xs" c="dimmed">
          {c.crewName}
        </Text>
      </Table.Td>
      <Table.Td data-testid="conflict-when">
        <Text size="sm">{t('field-conflicts.recordedAt', { time: hm(c.recordedAt) })}</Text>
        <Text size="xs" c="dimmed">
          {t('field-conflicts.receivedAt', { time: hm(c.receivedAt) })}
        </Text>
      </Table.Td>
      <Table.Td data-testid="conflict-where">
        <Text size="sm">{c.distanceM === null ? '—' : t('field-conflicts.distance', { m: c.distanceM })}</Text>
        {c.accuracyM !== null && (
          <Text size="xs" c="dimmed">
            ± {Math.round(c.accuracyM)} m
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{CONFLICT_REASON_WORDS[c.reason as keyof typeof CONFLICT_REASON_WORDS]?.[locale]}</Text>
        <Text size="xs" c="dimmed">
          {c.reasonBy ? `${c.reasonBy} · ` : ''}
          {hm(c.reasonAt)} · {t('field-conflicts.now', { status: t(`status.${c.visitStatus}`) })}
          {c.currentCrewName ? ` (${c.currentCrewName})` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          {resolve.error && (
            <Text size="xs" c="red">
              {errorInfo(resolve.error).message}
            </Text>
          )}
          {dismissing ? (
            <Group gap={4} wrap="nowrap">
              <TextInput
                size="xs"
                placeholder={t('field-conflicts.notePlaceholder')}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                data-testid="conflict-note"
              />
              <Button
                size="compact-sm"
                color="gray"
                disabled={note.trim().length < 3}
                loading={resolve.isPending}
                onClick={() =>
                  resolve.mutate({
                    conflictId: c.id,
                    decision: 'dismiss',
                    note: note.trim(),
                    idempotencyKey: newKey(),
                  })
                }
                data-testid="conflict-dismiss-confirm"
              >
                {t('field-conflicts.dismiss')}
              </Button>
            </Group>
          ) : (
            <Group gap={4} wrap="nowrap">
              <Button
                size="compact-sm"
                color="teal"
                disabled={!c.canAccept}
                title={c.canAccept ? undefined : t('field-conflicts.cannotAccept')}
                loading={resolve.isPending}
                onClick={() => resolve.mutate({ conflictId: c.id, decision: 'accept', idempotencyKey: newKey() })}
                data-testid="conflict-accept"
              >
                {t('field-conflicts.accept')}
              </Button>
              <Button
                size="compact-sm"
                variant="default"
                onClick={() => setDismissing(true)}
                data-testid="conflict-dismiss"
              >
                {t('field-conflicts.dismiss')}
              </Button>
            </Group>
          )}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * Field records the crews made in good faith that reached the server after the visit had changed (taken off
 * the crew, moved, cancelled, missed): who, when, where and what happened, to accept onto the visit or dismiss
 * with a note. Shown above the board only while some wait; `openCount` (from the board, live) refreshes it.
 */
export function FieldConflicts({
  teamIds,
  date,
  zone,
  openCount,
}: {
  teamIds: string[];
  date: string;
  zone: string;
  openCount: number;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lists = useQueries({
    queries: teamIds.map((teamId) => trpc.fieldConflicts.list.queryOptions({ teamId, date })),
  });
  const refetchAll = () => Promise.all(lists.map((q) => q.refetch()));
  const seen = useRef(openCount);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the board's live count says when the list changed
  useEffect(() => {
    if (seen.current === openCount) return;
    seen.current = openCount;
    void refetchAll();
  }, [openCount]);
  const items = lists.flatMap((q) => q.data?.items ?? []);
  if (items.length === 0) return null;
  const onDone = () => {
    void refetchAll();
    void queryClient.invalidateQueries({ queryKey: trpc.dispatch.day.queryKey() });
  };
  return (
    <Alert
      color="orange"
      variant="light"
      title={t('field-conflicts.title', { count: items.length })}
      data-testid="field-conflicts"
    >
      <Text size="xs" mb={6}>
        {t('field-conflicts.hint')}
      </Text>
      <Table.ScrollContainer minWidth={980}>
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('field-conflicts.col.visit')}</Table.Th>
              <Table.Th>{t('field-conflicts.col.record')}</Table.Th>
              <Table.Th>{t('field-conflicts.col.who')}</Table.Th>
              <Table.Th>{t('field-conflicts.col.when')}</Table.Th>
              <Table.Th>{t('field-conflicts.col.where')}</Table.Th>
              <Table.Th>{t('field-conflicts.col.why')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <ConflictRow key={c.id} c={c} zone={zone} onDone={onDone} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Alert>
  );
}

/** The board's count of open kept records (its conflict markers), for the list to follow live. */
export const openConflictCount = (visits: Array<{ openConflicts: number }>) =>
  visits.reduce((s, v) => s + v.openConflicts, 0);
