import { Chip, Group, NumberInput, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { WORKLIST_FILTERS, WORKLIST_STATUSES, type WorklistFilter } from '@shared/schemas/worklist';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';
import type { WorklistParams } from './use-worklist-params';

const CHIP_COLOR: Record<WorklistFilter, string> = {
  needsNotice: 'grape',
  noSlot: 'blue',
  callback: 'orange',
  brokenPromise: 'red',
};

/** The search box: the URL follows the typing after a pause, and Enter applies it at once. */
function SearchBox({ w }: { w: WorklistParams }) {
  const { t } = useTranslation();
  const [text, setText] = useState(w.q);
  useEffect(() => setText(w.q), [w.q]);
  const apply = useDebouncedCallback((q: string) => w.update({ q: q.trim() }, { replace: true }), 300);
  return (
    <TextInput
      label={t('worklist.search')}
      placeholder={t('worklist.searchHint')}
      data-testid="case-search"
      w={260}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        apply(e.currentTarget.value);
      }}
      onKeyDown={(e) => e.key === 'Enter' && w.update({ q: text.trim() }, { replace: true })}
    />
  );
}

/** Filter chips with the number of cases each would leave, and the narrowing fields (status, days, district). */
export function WorklistFilters({
  w,
  teamId,
  counts,
}: {
  w: WorklistParams;
  teamId: string | undefined;
  counts: Record<WorklistFilter, number> | undefined;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const districts = useQuery({ ...trpc.appointments.districts.queryOptions({ teamId }), staleTime: 300_000 });
  const days = (key: 'dpdMin' | 'dpdMax', value: string | number) =>
    w.update({ [key]: typeof value === 'number' ? String(value) : undefined }, { replace: true });
  return (
    <>
      <Group gap="sm" align="end" wrap="wrap">
        <SearchBox w={w} />
        <Select
          label={t('worklist.status')}
          w={150}
          data-testid="status-select"
          data={WORKLIST_STATUSES.map((s) => ({
            value: s,
            label: s === 'active' || s === 'all' ? t(`worklist.statuses.${s}`) : t(`cases.caseStatus.${s}`),
          }))}
          value={w.status}
          onChange={(v) => w.update({ status: v === 'active' ? undefined : (v ?? undefined) })}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Group gap={4} align="end" wrap="nowrap">
          <NumberInput
            label={t('worklist.dpdFrom')}
            w={140}
            min={0}
            max={9999}
            allowDecimal={false}
            value={w.dpdMin ?? ''}
            onChange={(v) => days('dpdMin', v)}
            data-testid="dpd-min"
          />
          <NumberInput
            label={t('worklist.dpdTo')}
            w={100}
            min={0}
            max={9999}
            allowDecimal={false}
            value={w.dpdMax ?? ''}
            onChange={(v) => days('dpdMax', v)}
            data-testid="dpd-max"
          />
        </Group>
        <Select
          label={t('worklist.district')}
          w={160}
          clearable
          searchable
          data-testid="district-select"
          placeholder={t('worklist.anyDistrict')}
          data={districts.data ?? []}
          value={w.district ?? null}
          onChange={(v) => w.update({ district: v ?? undefined })}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      <Group gap="xs" mt="sm" role="group" aria-label={t('worklist.filters')}>
        {WORKLIST_FILTERS.map((f) => (
          <Chip
            key={f}
            size="sm"
            color={CHIP_COLOR[f]}
            checked={w.filters.includes(f)}
            onChange={() => w.toggleFilter(f)}
            wrapperProps={{ 'data-testid': `filter-${f}` }}
          >
            {t(`worklist.filter.${f}`)}
            <span data-testid={`count-${f}`}>{counts ? ` · ${counts[f]}` : ''}</span>
          </Chip>
        ))}
      </Group>
    </>
  );
}
