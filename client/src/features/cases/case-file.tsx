import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatDateTime, formatMoney } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { useMe } from '../auth/use-me';
import { AppointmentList } from './appointment-list';
import { MessagesPanel } from './messages-panel';
import { NeedsLocationBadge } from './needs-location-badge';
import { NoticeForm } from './notice-form';
import { SlotForm } from './slot-form';
import { SlotLinkForm } from './slot-link-form';

export type CaseFileDto = RouterOutputs['appointments']['caseFile'];
export type AppointmentDto = CaseFileDto['appointments'][number];

/** What is open on top of the case file: a form, for the whole case or for one appointment. */
export type CaseAction =
  | { kind: 'notice' }
  | { kind: 'agree' }
  | { kind: 'link' }
  | { kind: 'reschedule'; appointment: AppointmentDto }
  | { kind: 'cancel'; appointment: AppointmentDto };

/** One case: the borrower, notices, appointments and links, with the actions that arrange a visit. */
export function CaseFile({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const file = useQuery(trpc.appointments.caseFile.queryOptions({ caseId }));
  return <QueryState query={file}>{(data) => <CaseFileView data={data} />}</QueryState>;
}

function CaseFileView({ data }: { data: CaseFileDto }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const me = useMe();
  const mayArrange = me.data?.role === 'dispatcher' || me.data?.role === 'admin';
  const [action, setAction] = useState<CaseAction | null>(null);
  const c = data.case;
  const tz = data.policy.timeZone;
  const close = () => setAction(null);
  return (
    <Stack gap="md" data-testid="case-file">
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3}>{c.borrowerName}</Title>
            <Text size="sm" c="dimmed">
              {c.loanRef} · {c.product} · {c.teamName}
            </Text>
            <Text size="sm">
              {t('cases.phone')}: <span data-testid="case-phone">{c.phone}</span>
            </Text>
            {data.addresses
              .filter((a) => !a.located)
              .map((a) => (
                <NeedsLocationBadge key={a.id} teamId={c.teamId} addressId={a.id} text={a.text} />
              ))}
          </div>
          <Stack gap={4} align="flex-end">
            <Badge variant="light">{t(`cases.caseStatus.${c.status}`)}</Badge>
            <Text size="sm">
              {formatMoney(c.overdueAmountCents, locale)} · {t('cases.dpdShort', { count: c.daysPastDue })} · {c.bucket}
            </Text>
          </Stack>
        </Group>
        {mayArrange && (
          <Group mt="md" gap="xs">
            <Button size="xs" variant="light" onClick={() => setAction({ kind: 'notice' })} data-testid="log-notice">
              {t('cases.logNotice')}
            </Button>
            <Button size="xs" onClick={() => setAction({ kind: 'agree' })} data-testid="agree-slot">
              {t('cases.agreeSlot')}
            </Button>
            <Button size="xs" variant="outline" onClick={() => setAction({ kind: 'link' })} data-testid="send-link">
              {t('cases.sendLink')}
            </Button>
          </Group>
        )}
        <Text size="xs" c="dimmed" mt="xs">
          {t('cases.rules', {
            from: data.policy.allowedStart,
            to: data.policy.allowedEnd,
            minutes: data.policy.minNoticeMinutes,
            zone: tz,
          })}
        </Text>
      </Paper>

      {data.followUps.map((f) => (
        <Alert
          key={f.id}
          color={f.kind === 'callback' ? 'orange' : 'red'}
          title={`${t(`worklist.followUps.kind.${f.kind}`)} · ${t('cases.followUp', { date: formatCalendarDate(f.proposedFor, locale) })}`}
          data-testid="case-follow-up"
        >
          {f.kind === 'callback'
            ? (f.note ?? t('cases.callbackNoNote'))
            : t('worklist.followUps.broken', { date: f.promiseDue ? formatCalendarDate(f.promiseDue, locale) : '—' })}
        </Alert>
      ))}

      <Paper withBorder p="md">
        <Title order={5} mb="xs">
          {t('cases.appointments')}
        </Title>
        <AppointmentList items={data.appointments} timeZone={tz} mayArrange={mayArrange} onAction={setAction} />
      </Paper>

      <MessagesPanel caseId={c.id} mayArrange={mayArrange} />

      <Paper withBorder p="md">
        <Title order={5} mb="xs">
          {t('cases.notices')}
        </Title>
        {data.notices.length === 0 ? (
          <Text c="dimmed" size="sm" data-testid="no-notice">
            {t('cases.noNotice')}
          </Text>
        ) : (
          <Stack gap={6}>
            {data.notices.map((n) => (
              <Text key={n.id} size="sm" data-testid="notice">
                <b>{formatDateTime(n.attemptedAt, tz, locale)}</b> · {t(`cases.stage.${n.stage}`)} ·{' '}
                {t(`complaints.channels.${n.channel}`)} — {n.result}
                {n.actorName ? ` (${n.actorName})` : ''}
              </Text>
            ))}
          </Stack>
        )}
      </Paper>

      {data.links.length > 0 && (
        <Paper withBorder p="md">
          <Title order={5} mb="xs">
            {t('cases.links')}
          </Title>
          <Stack gap={4}>
            {data.links.map((l) => (
              <Text key={l.id} size="sm" data-testid="slot-link-row">
                {formatDateTime(l.createdAt, tz, locale)} ·{' '}
                {t(`cases.linkState.${l.state}`, { until: formatDateTime(l.expiresAt, tz, locale) })}
              </Text>
            ))}
          </Stack>
        </Paper>
      )}

      {action?.kind === 'notice' && <NoticeForm caseId={c.id} onClose={close} />}
      {(action?.kind === 'agree' || action?.kind === 'reschedule' || action?.kind === 'cancel') && (
        <SlotForm data={data} action={action} onClose={close} />
      )}
      {action?.kind === 'link' && <SlotLinkForm data={data} onClose={close} />}
    </Stack>
  );
}
