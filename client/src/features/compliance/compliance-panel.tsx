import { Anchor, Badge, Button, Group, Modal, Pagination, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { COMPLIANCE_RULES } from '@shared/schemas/oversight';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/data-table';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatDateTime } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { useFormErrors } from '../../lib/use-form-errors';
import type { ReportFilters } from '../reports/use-report-filters';
import { acknowledgeForm } from './acknowledge-input';

type Exception = RouterOutputs['compliance']['exceptions']['rows'][number];

/** Exceptions on one page of the table. */
const PAGE_SIZE = 50;

/** Evidence values in words: times in the team zone, the rest as recorded. */
function evidenceText(e: Exception, t: TFunction, locale: string) {
  return Object.entries(e.evidence)
    .map(([k, v]) => {
      const shown =
        typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? formatDateTime(v, e.timeZone, locale) : String(v);
      return `${t(`compliance.evidence.${k}`, { defaultValue: k })}: ${shown}`;
    })
    .join(' · ');
}

/** Every breach or near-breach in the period with its evidence; a manager acknowledges each with a comment. */
export function CompliancePanel({ f }: { f: ReportFilters }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const locale = currentLanguage();
  const rule = f.outcome && (COMPLIANCE_RULES as readonly string[]).includes(f.outcome) ? f.outcome : undefined;
  const [ackState, setAckState] = useState<string | null>(null);
  // The page belongs to one list: another period, scope, rule or state starts again at its first page.
  const listKey = JSON.stringify([f.filter, rule, ackState]);
  const [paging, setPaging] = useState({ listKey, page: 0 });
  const page = paging.listKey === listKey ? paging.page : 0;
  const setPage = (p: number) => setPaging({ listKey, page: p });
  const input = {
    filter: f.filter,
    rule: rule as Exception['rule'] | undefined,
    acknowledged: ackState === null ? undefined : ackState === 'yes',
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useQuery(trpc.compliance.exceptions.queryOptions(input));
  const [target, setTarget] = useState<Exception | null>(null);
  const [comment, setComment] = useState('');
  const form = useFormErrors();
  const ack = useMutation(
    trpc.compliance.acknowledge.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('compliance.acknowledged') });
        setTarget(null);
        setComment('');
        void qc.invalidateQueries({ queryKey: trpc.compliance.exceptions.queryKey() });
      },
      onError: form.apply,
    }),
  );
  const columns: Column<Exception>[] = [
    {
      key: 'date',
      header: t('compliance.col.date'),
      nowrap: true,
      render: (e) => formatCalendarDate(e.visitDate, locale),
    },
    {
      key: 'rule',
      header: t('compliance.col.rule'),
      nowrap: true,
      render: (e) => (
        <Group gap={4} wrap="nowrap">
          <Badge color={e.severity === 'breach' ? 'red' : 'yellow'} variant="light" size="sm" miw="max-content">
            {t(`compliance.severity.${e.severity}`)}
          </Badge>
          <Text size="sm">{t(`compliance.rule.${e.rule}`)}</Text>
        </Group>
      ),
    },
    {
      key: 'evidence',
      header: t('compliance.col.evidence'),
      render: (e) => <Text size="xs">{evidenceText(e, t, locale)}</Text>,
    },
    {
      key: 'visit',
      header: t('compliance.col.visit'),
      nowrap: true,
      render: (e) => (
        <Anchor
          component="button"
          size="sm"
          onClick={() => f.update({ visit: e.visitId, page: f.page ? String(f.page) : undefined })}
        >
          {t('compliance.openVisit')}
        </Anchor>
      ),
    },
    {
      key: 'ack',
      header: t('compliance.col.ack'),
      render: (e) =>
        e.acknowledgement ? (
          <Text size="xs" data-testid="ack-done">
            {e.acknowledgement.by}: {e.acknowledgement.comment}
          </Text>
        ) : (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => {
              setTarget(e);
              form.clear();
            }}
            data-testid="ack-open"
          >
            {t('compliance.acknowledge')}
          </Button>
        ),
    },
  ];
  return (
    <Stack gap="xs">
      <Group gap="xs" align="end">
        <Select
          label={t('compliance.filterRule')}
          w={260}
          clearable
          data-testid="rule-filter"
          value={rule ?? null}
          onChange={(v) => f.update({ outcome: v ?? undefined })}
          data={COMPLIANCE_RULES.map((r) => ({ value: r, label: t(`compliance.rule.${r}`) }))}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('compliance.filterAck')}
          w={200}
          clearable
          value={ackState}
          onChange={setAckState}
          data={[
            { value: 'no', label: t('compliance.open') },
            { value: 'yes', label: t('compliance.done') },
          ]}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      <QueryState query={list}>
        {(data) => (
          <>
            <Text size="sm" c="dimmed" data-testid="exceptions-count">
              {t('compliance.count', { count: data.total, open: data.unacknowledged })}
            </Text>
            <DataTable
              testId="exceptions"
              rows={data.rows}
              rowKey={(e) => `${e.rule}|${e.visitId}`}
              columns={columns}
              minWidth={900}
            />
            {data.total > PAGE_SIZE && (
              <Group justify="space-between">
                <Text size="sm" c="dimmed">
                  {t('compliance.range', {
                    first: page * PAGE_SIZE + 1,
                    last: Math.min(data.total, (page + 1) * PAGE_SIZE),
                    count: data.total,
                  })}
                </Text>
                <Pagination
                  size="sm"
                  total={Math.ceil(data.total / PAGE_SIZE)}
                  value={page + 1}
                  onChange={(p) => setPage(p - 1)}
                  data-testid="exceptions-pages"
                />
              </Group>
            )}
          </>
        )}
      </QueryState>
      <Modal opened={!!target} onClose={() => setTarget(null)} title={t('compliance.ackTitle')}>
        {target && (
          <form
            onSubmit={(ev) => {
              ev.preventDefault();
              const input = form.check(acknowledgeForm, { rule: target.rule, visitId: target.visitId, comment });
              if (input) ack.mutate(input);
            }}
          >
            <Stack gap="sm">
              <Text size="sm">
                {t(`compliance.rule.${target.rule}`)} — {evidenceText(target, t, locale)}
              </Text>
              <Textarea
                label={t('compliance.comment')}
                data-testid="ack-comment"
                value={comment}
                onChange={(e) => setComment(e.currentTarget.value)}
                error={form.errors.comment ?? form.message}
                autosize
                minRows={3}
                required
              />
              <Button type="submit" loading={ack.isPending} data-testid="ack-submit">
                {t('compliance.acknowledge')}
              </Button>
            </Stack>
          </form>
        )}
      </Modal>
    </Stack>
  );
}
