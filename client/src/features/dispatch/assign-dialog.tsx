import { Alert, Button, Group, List, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { isIn, MOVABLE } from '@shared/domain/visit-lifecycle';
import { localTime, zonedTimeToUtc } from '@shared/time';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSlot, formatTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import type { BoardCrew, BoardVisit } from './use-board';
import type { usePlacement } from './use-placement';

/**
 * The keyboard way to place a visit: pick a crew and a time; the server's verdict shows as you type; Save
 * goes through the same check-then-save as a drag. Also unassign and pin.
 */
export function AssignDialog({
  visit,
  crews,
  timeZone,
  locale,
  placement,
  onClose,
}: {
  visit: BoardVisit;
  crews: BoardCrew[];
  timeZone: string;
  locale: string;
  placement: ReturnType<typeof usePlacement>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const options = crews.filter((c) => c.teamId === visit.teamId && c.workDate === visit.visitDate);
  const [crewId, setCrewId] = useState<string | null>(visit.crewId ?? options[0]?.id ?? null);
  const [time, setTime] = useState(localTime(new Date(visit.plannedArrival ?? visit.slotStart), timeZone));
  const valid = /^\d{2}:\d{2}$/.test(time);
  const arrival = valid ? zonedTimeToUtc(visit.visitDate, time, timeZone).toISOString() : null;
  const check = useQuery({
    ...trpc.dispatch.checkMove.queryOptions({ visitId: visit.id, crewId: crewId ?? '', arrival: arrival ?? '' }),
    enabled: Boolean(crewId && arrival),
  });
  const crew = options.find((c) => c.id === crewId);
  const movable = isIn(MOVABLE, visit.status);
  const done = (ok: boolean) => ok && onClose();

  return (
    <Modal opened onClose={onClose} title={t('dispatch.dialog.title')} size="lg">
      <Stack gap="sm" data-testid="assign-dialog">
        <Text size="sm">
          <b>{visit.borrowerName}</b> · {visit.district} · {visit.addressText}
        </Text>
        <Text size="sm" c="dimmed">
          {t('dispatch.dialog.slot', { slot: formatSlot(visit.slotStart, visit.slotEnd, timeZone, locale) })}
          {visit.crewName && visit.plannedArrival
            ? ` · ${t('dispatch.dialog.current', { crew: visit.crewName, time: formatTime(visit.plannedArrival, timeZone, locale) })}`
            : ''}
          {visit.pinned ? ` · ${t('dispatch.dialog.pinned')}` : ''}
        </Text>
        <Group grow>
          <Select
            label={t('dispatch.dialog.crew')}
            data={options.map((c) => ({
              value: c.id,
              label: `${c.name} · ${c.members.map((m) => m.fullName).join(' / ')}`,
            }))}
            value={crewId}
            onChange={setCrewId}
            data-testid="assign-crew"
            disabled={!movable}
          />
          <TextInput
            label={t('dispatch.dialog.arrival')}
            type="time"
            step={900}
            value={time}
            onChange={(e) => setTime(e.currentTarget.value)}
            data-testid="assign-time"
            disabled={!movable}
          />
        </Group>
        {check.data &&
          (check.data.ok ? (
            <Alert color="teal" data-testid="assign-ok">
              {t('dispatch.dialog.ok')}
            </Alert>
          ) : (
            <Alert color="red" title={t('dispatch.dialog.violations')} data-testid="assign-violations">
              <List size="sm">
                {check.data.violations.map((v) => (
                  <List.Item key={v.message} data-testid="violation">
                    {v.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ))}
        {check.error && <Alert color="red">{check.error.message}</Alert>}
        <Group justify="space-between">
          <Group gap="xs">
            {visit.crewId && movable && (
              <Button
                variant="light"
                color="gray"
                onClick={async () => done(await placement.unassign(visit))}
                data-testid="assign-unassign"
              >
                {t('dispatch.dialog.unassign')}
              </Button>
            )}
            {visit.crewId && (
              <Button
                variant="light"
                onClick={async () => done(await placement.togglePin(visit))}
                data-testid="assign-pin"
              >
                {visit.pinned ? t('dispatch.dialog.unpin') : t('dispatch.dialog.pin')}
              </Button>
            )}
          </Group>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('dispatch.dialog.close')}
            </Button>
            <Button
              disabled={!crew || !arrival || !movable || check.data?.ok === false}
              loading={placement.busy}
              onClick={async () => crew && arrival && done(await placement.place(visit, crew, new Date(arrival)))}
              data-testid="assign-save"
            >
              {visit.crewId ? t('dispatch.dialog.move') : t('dispatch.dialog.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Shown when a placement is refused: every broken rule, or who changed the visit meanwhile. */
export function RefusalModal({
  refusal,
  onClose,
}: {
  refusal: ReturnType<typeof usePlacement>['refusal'];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  if (!refusal) return null;
  return (
    <Modal opened onClose={onClose} title={refusal.stale ? t('dispatch.refused.stale') : t('dispatch.refused.title')}>
      <Stack gap="xs" data-testid="refusal">
        <Text size="sm" fw={600}>
          {refusal.visitName}
        </Text>
        {refusal.violations.length > 0 ? (
          <List size="sm">
            {refusal.violations.map((v) => (
              <List.Item key={v} data-testid="violation">
                {v}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" data-testid="refusal-message">
            {refusal.message}
          </Text>
        )}
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="refusal-close">
            {t('dispatch.dialog.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
