import { Button, Drawer, Group, Stack, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatDateTime, formatSlot } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { EventBody, eventTitle } from './timeline-event';

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
  message: 'indigo',
};

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
                      e.kind === 'audit' ? (
                        <Text size="sm" fw={500} data-testid="history-sentence">
                          {eventTitle(e, t)}
                        </Text>
                      ) : (
                        <Group gap={6}>
                          <Text size="sm" fw={600}>
                            {eventTitle(e, t)}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {formatDateTime(e.at, visit.timeZone, locale)}
                            {e.actor ? ` · ${e.actor}` : ''}
                          </Text>
                        </Group>
                      )
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
