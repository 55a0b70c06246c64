import { Anchor, Badge, Button, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { CONTACT_CHANNELS } from '@shared/domain/constants';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { useFormErrors } from '../../lib/use-form-errors';
import type { ReportFilters } from '../reports/use-report-filters';
import { complaintForm, resolutionForm } from './complaint-inputs';

type Complaint = RouterOutputs['complaints']['list'][number];
const STATUS_COLOR = { open: 'red', assigned: 'orange', resolved: 'green' } as const;

/** The form to record a borrower's complaint about a visit (opened from the visit's row or timeline). */
export function ComplaintForm({ visitId, onDone }: { visitId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [channel, setChannel] = useState<string | null>('phone');
  const [text, setText] = useState('');
  // One key per opened form: a double click or a retry after a timeout records the complaint once.
  const [key] = useState(() => crypto.randomUUID());
  const form = useFormErrors();
  const create = useMutation(
    trpc.complaints.create.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('complaints.recorded') });
        void qc.invalidateQueries({ queryKey: trpc.complaints.list.queryKey() });
        void qc.invalidateQueries({ queryKey: trpc.reports.dashboard.queryKey() });
        onDone();
      },
      onError: form.apply,
    }),
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const input = form.check(complaintForm, { key, visitId, channel, text });
        if (input) create.mutate(input);
      }}
    >
      <Stack gap="sm">
        <Select
          label={t('complaints.channel')}
          data={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`complaints.channels.${c}`) }))}
          value={channel}
          onChange={setChannel}
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label={t('complaints.text')}
          data-testid="complaint-text"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={form.errors.text ?? form.message}
          autosize
          minRows={3}
        />
        <Button type="submit" loading={create.isPending} data-testid="complaint-submit">
          {t('complaints.record')}
        </Button>
      </Stack>
    </form>
  );
}

/** Complaints of the manager's teams: assign to a handler, resolve with a note. */
export function ComplaintsPanel({ f }: { f: ReportFilters }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const locale = currentLanguage();
  const [status, setStatus] = useState<string | null>(null);
  const list = useQuery(
    trpc.complaints.list.queryOptions({
      teamId: f.teamId,
      status: (status ?? undefined) as Complaint['status'] | undefined,
    }),
  );
  const handlers = useQuery(trpc.complaints.handlers.queryOptions({ teamId: f.teamId }));
  const [resolving, setResolving] = useState<Complaint | null>(null);
  const [note, setNote] = useState('');
  const noteForm = useFormErrors();
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.complaints.list.queryKey() });
  const assign = useMutation(trpc.complaints.assign.mutationOptions({ onSuccess: refresh }));
  const resolve = useMutation(
    trpc.complaints.resolve.mutationOptions({
      onSuccess: () => {
        refresh();
        setResolving(null);
        setNote('');
      },
      onError: noteForm.apply,
    }),
  );
  const columns: Column<Complaint>[] = [
    {
      key: 'at',
      header: t('complaints.col.at'),
      nowrap: true,
      render: (c) => formatDateTime(c.createdAt, c.timeZone, locale),
    },
    {
      key: 'status',
      header: t('complaints.col.status'),
      render: (c) => (
        <Badge color={STATUS_COLOR[c.status]} variant="light" size="sm">
          {t(`complaints.status.${c.status}`)}
        </Badge>
      ),
    },
    { key: 'channel', header: t('complaints.channel'), render: (c) => t(`complaints.channels.${c.channel}`) },
    {
      key: 'text',
      header: t('complaints.text'),
      render: (c) => (
        <Text size="sm" lineClamp={3}>
          {c.text}
        </Text>
      ),
    },
    {
      key: 'visit',
      header: t('complaints.col.visit'),
      render: (c) =>
        c.visitId ? (
          <Anchor
            component="button"
            size="sm"
            onClick={() => f.update({ visit: c.visitId ?? undefined, page: undefined })}
          >
            {t('compliance.openVisit')}
          </Anchor>
        ) : (
          '—'
        ),
    },
    {
      key: 'assignee',
      header: t('complaints.col.assignee'),
      render: (c) =>
        c.status === 'resolved' ? (
          (c.assigneeName ?? '—')
        ) : (
          <Select
            size="xs"
            w={160}
            placeholder={t('complaints.assign')}
            value={c.assignedTo}
            data={(handlers.data ?? [])
              .filter((h) => h.teamId === c.teamId)
              .map((h) => ({ value: h.id, label: h.name }))}
            onChange={(v) => v && assign.mutate({ id: c.id, userId: v })}
            comboboxProps={{ withinPortal: true }}
          />
        ),
    },
    {
      key: 'resolve',
      header: '',
      render: (c) =>
        c.status === 'resolved' ? (
          <Text size="xs">{c.resolution}</Text>
        ) : (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => {
              setResolving(c);
              noteForm.clear();
            }}
          >
            {t('complaints.resolve')}
          </Button>
        ),
    },
  ];
  return (
    <Stack gap="xs">
      <Select
        label={t('complaints.col.status')}
        w={200}
        clearable
        value={status}
        onChange={setStatus}
        data={(['open', 'assigned', 'resolved'] as const).map((s) => ({
          value: s,
          label: t(`complaints.status.${s}`),
        }))}
        comboboxProps={{ withinPortal: true }}
      />
      <QueryState query={list}>
        {(rows) => <DataTable testId="complaints" rows={rows} rowKey={(c) => c.id} columns={columns} minWidth={900} />}
      </QueryState>
      <Modal opened={!!resolving} onClose={() => setResolving(null)} title={t('complaints.resolve')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const input = resolving && noteForm.check(resolutionForm, { id: resolving.id, resolution: note });
            if (input) resolve.mutate(input);
          }}
        >
          <Stack gap="sm">
            <Textarea
              label={t('complaints.resolution')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              error={noteForm.errors.resolution ?? noteForm.message}
              autosize
              minRows={3}
            />
            <Button type="submit" loading={resolve.isPending}>
              {t('complaints.resolve')}
            </Button>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
