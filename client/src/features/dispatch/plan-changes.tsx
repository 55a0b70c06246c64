import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatSlot, formatTime } from '../../lib/format';
import type { RouterOutputs } from '../../lib/trpc';

type Preview = NonNullable<RouterOutputs['planning']['status']['preview']>;
type Change = Preview['changes'][number];

const NOWRAP = { whiteSpace: 'nowrap' } as const;

const KIND_COLOR: Record<Change['kind'], string> = {
  assign: 'teal',
  move: 'blue',
  unassign: 'orange',
  missed: 'red',
};

/**
 * Every visit the plan changes, one sentence each ("was on crew 3 at 10:40, now crew 5 at 14:10", "… now
 * unassigned because …", "slot over, nobody went: marked missed"), then what stays in the tray and why.
 */
export function PlanChanges({ preview, timeZone, locale }: { preview: Preview; timeZone: string; locale: string }) {
  const { t } = useTranslation();
  const time = (iso: string | null | undefined) => (iso ? formatTime(iso, timeZone, locale) : '—');
  const sentence = (c: Change) => {
    const from = { from: c.from?.crewName ?? '', fromTime: time(c.from?.arrival) };
    const to = { to: c.to?.crewName ?? '', toTime: time(c.to?.arrival) };
    const slot = formatSlot(c.slotStart, c.slotEnd, timeZone, locale);
    if (c.kind === 'move') return t('dispatch.plan.change.move', { ...from, ...to });
    if (c.kind === 'assign') return t('dispatch.plan.change.assign', to);
    if (c.kind === 'unassign') return t('dispatch.plan.change.unassign', { ...from, reason: c.reason ?? '' });
    return c.from
      ? t('dispatch.plan.change.missedFrom', { ...from, slot })
      : t('dispatch.plan.change.missed', { slot });
  };
  const stillOpen = preview.unassigned.filter((u) => u.fromCrewId === null);
  return (
    <>
      <Text fw={600} size="sm" mt="sm">
        {t('dispatch.plan.changeList', { count: preview.changes.length })}
      </Text>
      {preview.changes.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('dispatch.plan.noChanges')}
        </Text>
      ) : (
        <Table fz="xs" data-testid="plan-changes">
          <Table.Tbody>
            {preview.changes.map((c) => (
              <Table.Tr key={c.visitId} data-testid="plan-change" data-kind={c.kind} data-visit-id={c.visitId}>
                <Table.Td>
                  <Badge size="xs" variant="light" color={KIND_COLOR[c.kind]}>
                    {t(`dispatch.plan.kind.${c.kind}`)}
                  </Badge>
                </Table.Td>
                <Table.Td style={NOWRAP}>{c.borrowerName}</Table.Td>
                <Table.Td style={NOWRAP}>{formatSlot(c.slotStart, c.slotEnd, timeZone, locale)}</Table.Td>
                <Table.Td data-testid="plan-change-text">{sentence(c)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {stillOpen.length > 0 && (
        <>
          <Text fw={600} size="sm" mt="sm">
            {t('dispatch.plan.unassigned', { count: stillOpen.length })}
          </Text>
          <Table fz="xs" data-testid="plan-unassigned">
            <Table.Tbody>
              {stillOpen.map((u) => (
                <Table.Tr key={u.visitId} data-testid="plan-unassigned-row">
                  <Table.Td style={NOWRAP}>{u.borrowerName}</Table.Td>
                  <Table.Td style={NOWRAP}>{formatSlot(u.slotStart, u.slotEnd, timeZone, locale)}</Table.Td>
                  <Table.Td data-testid="plan-unassigned-reason">{u.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}
