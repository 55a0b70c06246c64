import { Draggable } from '@fullcalendar/interaction';
import { Badge, Button, Group, Paper, ScrollArea, Select, Text, TextInput } from '@mantine/core';
import type { VisitType } from '@shared/domain/constants';
import { serviceMinutesFor } from '@shared/domain/visit-facts';
import { minutesToTime } from '@shared/time';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSlot } from '../../lib/format';
import { useAfterFirstFrame } from '../../lib/use-after-first-frame';
import type { BoardVisit } from './use-board';

/**
 * Cards in the tray's first render: its scroll area shows about three rows of eight on a desktop. The rest follow
 * in a render of their own just after, so the board's first paint does not wait for a lender's 100+ cards (#19).
 */
const FIRST_CARDS = 32;

/** The unassigned tray: agreed visits without a crew, filtered and highest priority first; drag a card onto a lane. */
export function Tray({
  visits,
  timeZone,
  locale,
  selectedId,
  mapPick,
  onClearMapPick,
  onSelect,
  onOpen,
  draggable = true,
}: {
  visits: BoardVisit[];
  timeZone: string;
  locale: string;
  selectedId: string | null;
  mapPick: string[] | null;
  onClearMapPick: () => void;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  /** Cards can be dragged onto a lane (off for users who may not place visits). */
  draggable?: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [district, setDistrict] = useState<string | null>(null);
  const [slot, setSlot] = useState<string | null>(null);
  const [type, setType] = useState<string | null>(null);
  const [minDpd, setMinDpd] = useState('');
  const open = useMemo(() => visits.filter((v) => v.status === 'unassigned' && !v.crewId), [visits]);
  const slotLabel = useCallback(
    (v: BoardVisit) => formatSlot(v.slotStart, v.slotEnd, timeZone, locale),
    [timeZone, locale],
  );
  const shown = useMemo(() => {
    const picked = mapPick ? new Set(mapPick) : null;
    return open
      .filter((v) => !picked || picked.has(v.id))
      .filter((v) => !district || v.district === district)
      .filter((v) => !slot || slotLabel(v) === slot)
      .filter((v) => !type || v.visitType === type)
      .filter((v) => minDpd === '' || v.daysPastDue >= Number(minDpd))
      .sort(
        (a, b) => b.priority - a.priority || b.daysPastDue - a.daysPastDue || a.slotStart.localeCompare(b.slotStart),
      );
  }, [open, mapPick, district, slot, type, minDpd, slotLabel]);
  const allCards = useAfterFirstFrame();
  const cards = useMemo(() => (allCards ? shown : shown.slice(0, FIRST_CARDS)), [allCards, shown]);

  // FullCalendar's Draggable makes every card droppable on a lane; the drop handler reads data-visit-id.
  useEffect(() => {
    if (!ref.current || !draggable) return;
    const d = new Draggable(ref.current, {
      itemSelector: '.ds-tray-item',
      eventData: (el) => ({ title: el.dataset.title ?? '', duration: el.dataset.duration ?? '00:45', create: false }),
    });
    return () => d.destroy();
  }, [draggable]);

  const districts = [...new Set(open.map((v) => v.district))].sort();
  const slots = [...new Set(open.map(slotLabel))].sort();
  return (
    <Paper withBorder p="xs" radius="md" data-testid="dispatch-tray">
      <Group gap="xs" mb={6} wrap="wrap" align="end">
        <Text fw={600} size="sm">
          {t('dispatch.tray.title')}{' '}
          <Badge variant="light" color="gray">
            {shown.length}
          </Badge>
        </Text>
        <Select
          size="xs"
          w={130}
          placeholder={t('dispatch.tray.filterDistrict')}
          data={districts}
          value={district}
          onChange={setDistrict}
          clearable
          data-testid="tray-district"
        />
        <Select
          size="xs"
          w={120}
          placeholder={t('dispatch.tray.filterSlot')}
          data={slots}
          value={slot}
          onChange={setSlot}
          clearable
        />
        <Select
          size="xs"
          w={120}
          placeholder={t('dispatch.tray.filterType')}
          data={[
            { value: 'negotiation', label: t('visitType.negotiation') },
            { value: 'verification', label: t('visitType.verification') },
          ]}
          value={type}
          onChange={setType}
          clearable
        />
        {/* The browser's number field, not Mantine's NumberInput: its formatting library is 9 KB gzip of the
            board's first load for one whole number. */}
        <TextInput
          size="xs"
          w={120}
          type="number"
          inputMode="numeric"
          min={0}
          placeholder={t('dispatch.tray.filterDpd')}
          aria-label={t('dispatch.tray.filterDpd')}
          value={minDpd}
          onChange={(e) => setMinDpd(e.currentTarget.value)}
          data-testid="tray-filter-dpd"
        />
        {mapPick && (
          <Button size="compact-xs" variant="light" onClick={onClearMapPick} data-testid="tray-clear-map">
            {t('dispatch.tray.filterMap', { count: mapPick.length })} · {t('dispatch.tray.clearMap')}
          </Button>
        )}
        {draggable && (
          <Text size="xs" c="dimmed" ml="auto" data-testid="tray-drag-hint">
            {t('dispatch.tray.dragHint')}
          </Text>
        )}
      </Group>
      <ScrollArea.Autosize mah={150}>
        <div ref={ref} style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
          {shown.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('dispatch.tray.empty')}
            </Text>
          )}
          {cards.map((v) => (
            <button
              type="button"
              key={v.id}
              className="ds-tray-item"
              data-testid="tray-visit"
              data-visit-id={v.id}
              data-title={v.borrowerName}
              data-duration={minutesToTime(serviceMinutesFor(v.visitType as VisitType))}
              onClick={() => onSelect(v.id)}
              onDoubleClick={() => onOpen(v.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  onOpen(v.id);
                }
              }}
              style={{
                cursor: draggable ? 'grab' : 'pointer',
                border: `1px solid ${v.id === selectedId ? '#fa5252' : '#dee2e6'}`,
                background: v.id === selectedId ? '#fff5f5' : '#fff',
                borderRadius: 6,
                padding: '3px 8px',
                fontSize: 12,
                lineHeight: 1.35,
                minWidth: 150,
                textAlign: 'left',
                fontFamily: 'inherit',
              }}
            >
              <span style={{ display: 'block', fontWeight: 600 }}>
                {v.borrowerName} <span style={{ color: '#868e96', fontWeight: 400 }}>· {v.district}</span>
              </span>
              <span style={{ display: 'block', color: '#495057' }}>
                {slotLabel(v)} · {t(`visitType.${v.visitType}`)} · {v.daysPastDue}d · P{v.priority}
              </span>
              {v.trayReason && (
                // Why an organisation change put it back here (crew split, agent off…), in the user's language.
                <span
                  style={{ display: 'block', color: '#e8590c' }}
                  data-testid="tray-reason"
                  title={v.trayReason.code}
                >
                  ↩ {v.trayReason.message}
                </span>
              )}
              {v.openConflicts > 0 && (
                <span style={{ display: 'block', color: '#d9480f', fontWeight: 600 }} data-testid="tray-conflict">
                  ⚠ {t('field-conflicts.marker', { count: v.openConflicts })}
                </span>
              )}
            </button>
          ))}
        </div>
      </ScrollArea.Autosize>
    </Paper>
  );
}
