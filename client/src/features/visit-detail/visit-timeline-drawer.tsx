import { Badge, Button, Code, Drawer, Group, Stack, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { OutcomeBadge, StatusBadge } from '../../components/status-badge';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatDateTime, formatMoney, formatSlot } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';

type Data = RouterOutputs['reports']['timeline'];
type Event = Data['events'][number];

const COLOR: Record<string, string> = {
  notice: 'gray',
  slotAgreed: 'blue',
  slotReplaced: 'yellow',
  audit: 'violet',
  checkIn: 'teal',
  checkOut: 'teal',
  outcome: 'green',
  attachment: 'cyan',
  complaint: 'red',
  complaintResolved: 'pink',
  acknowledged: 'orange',
};

function EventBody({ e, zone }: { e: Event; zone: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const d = e.details;
  switch (e.kind) {
    case 'slotAgreed':
    case 'slotReplaced':
      return <Text size="sm">{formatSlot(String(d.slotStart), String(d.slotEnd), zone, locale)}</Text>;
    case 'checkIn':
      return (
        <Text size="sm" c={d.flagged ? 'red' : undefined} data-testid="timeline-checkin">
          {t('visit-detail.distance', { m: d.distanceM == null ? '—' : Math.round(Number(d.distanceM)) })}
        </Text>
      );
    case 'outcome':
      return (
        <Stack gap={2}>
          <Group gap={6}>
            <Badge size="xs" variant="outline">
              v{d.version}
            </Badge>
            <OutcomeBadge code={String(d.code)} />
            {d.promisedAmountCents != null && (
              <Text size="sm">{formatMoney(Number(d.promisedAmountCents), locale)}</Text>
            )}
          </Group>
          {d.correctionReason && <Text size="xs">{t('visit-detail.correction', { reason: d.correctionReason })}</Text>}
          <Text size="xs" c="dimmed">
            {t('visit-detail.idShown')}: {d.idShown ? t('common.yes') : t('common.no')} · {t('visit-detail.recordings')}
            : {d.recordings}
          </Text>
          {d.hash && <Code fz={10}>{String(d.hash).slice(0, 24)}…</Code>}
        </Stack>
      );
    case 'attachment':
      return (
        <Text size="xs">
          {d.kind} · <Code fz={10}>sha256 {String(d.sha256).slice(0, 24)}…</Code>
        </Text>
      );
    case 'audit':
      return (
        <Text size="xs" style={{ wordBreak: 'break-word' }}>
          <Code fz={11}>{String(d.action)}</Code> {String(d.change ?? '')}
        </Text>
      );
    case 'notice':
      return (
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {t(`visit-detail.stage.${d.stage}`, { defaultValue: String(d.stage) })} ·{' '}
          {t(`complaints.channels.${d.channel}`, { defaultValue: String(d.channel) })} · {String(d.result)}
        </Text>
      );
    default:
      return (
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {Object.entries(d)
            .filter(([, v]) => v !== null && v !== '')
            .map(([k, v]) => `${t(`visit-detail.field.${k}`, { defaultValue: k })}: ${v}`)
            .join(' · ')}
        </Text>
      );
  }
}

/** The whole story of one visit (opened with ?visit=<id>): from the notice to complaints, in the team's zone. */
export function VisitTimelineDrawer({
  visitId,
  onClose,
  onComplaint,
}: {
  visitId: string | undefined;
  onClose: () => void;
  onComplaint: (visitId: string) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const q = useQuery({ ...trpc.reports.timeline.queryOptions({ visitId: visitId ?? '' }), enabled: !!visitId });
  return (
    <Drawer opened={!!visitId} onClose={onClose} position="right" size="lg" title={t('visit-detail.title')}>
      {visitId && (
        <QueryState query={q}>
          {({ visit, events }) => (
            <Stack gap="sm" data-testid="visit-timeline">
              <div>
                <Group gap={8}>
                  <Text fw={600}>{visit.borrowerName}</Text>
                  <StatusBadge status={visit.status} />
                </Group>
                <Text size="sm" c="dimmed">
                  {visit.loanRef} · {visit.borrowerPhone} · {visit.borrowerIdNumber}
                </Text>
                <Text size="sm">{visit.addressText}</Text>
                <Text size="sm">
                  {formatCalendarDate(visit.visitDate, locale)}{' '}
                  {formatSlot(visit.slotStart, visit.slotEnd, visit.timeZone, locale)} · {visit.crewName ?? '—'} ·{' '}
                  {visit.agentName ?? '—'}
                </Text>
                <Group justify="space-between">
                  <Text size="xs" c="dimmed">
                    {t('common.timeZone', { zone: visit.timeZone })}
                  </Text>
                  <Button
                    size="compact-xs"
                    variant="light"
                    color="red"
                    onClick={() => onComplaint(visit.visitId)}
                    data-testid="record-complaint"
                  >
                    {t('visit-detail.recordComplaint')}
                  </Button>
                </Group>
              </div>
              <Timeline bulletSize={14} lineWidth={2}>
                {events.map((e) => (
                  <Timeline.Item
                    key={`${e.kind}|${e.at}|${JSON.stringify(e.details)}`}
                    color={COLOR[e.kind] ?? 'gray'}
                    data-testid={`timeline-${e.kind}`}
                    title={
                      <Group gap={6}>
                        <Text size="sm" fw={600}>
                          {t(`visit-detail.kind.${e.kind}`)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(e.at, visit.timeZone, locale)}
                          {e.actor ? ` · ${e.actor}` : ''}
                        </Text>
                      </Group>
                    }
                  >
                    <EventBody e={e} zone={visit.timeZone} />
                  </Timeline.Item>
                ))}
              </Timeline>
            </Stack>
          )}
        </QueryState>
      )}
    </Drawer>
  );
}
