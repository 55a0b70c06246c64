import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { addDays } from '@shared/time';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatMoney } from '../../lib/format';
import { PLAN_CHANNELS, toCents } from './outcome-draft';

export interface PlanRow {
  dueDate: string;
  amount: number | '';
}

/** Splits a total into n monthly instalments whose cents add up exactly (the remainder goes to the first). */
function splitEvenly(totalYuan: number, n: number, firstDue: string): PlanRow[] {
  const total = Math.round(totalYuan * 100);
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => ({
    dueDate: addDays(firstDue, 30 * i),
    amount: (i === 0 ? total - base * (n - 1) : base) / 100,
  }));
}

/** The instalments of a repayment plan, with a running sum against the promised total. */
export function PlanBuilder({
  rows,
  onChange,
  channel,
  onChannel,
  totalYuan,
  firstDue,
  error,
}: {
  rows: PlanRow[];
  onChange: (rows: PlanRow[]) => void;
  channel: string;
  onChannel: (c: string) => void;
  totalYuan: number | '';
  firstDue: string;
  error?: string;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const sum = rows.reduce((s, r) => s + toCents(r.amount), 0);
  const total = toCents(totalYuan);
  const set = (i: number, patch: Partial<PlanRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs" data-testid="plan-builder">
      <Select
        size="md"
        label={t('field.outcome.plan.channel')}
        data={PLAN_CHANNELS.map((c) => ({ value: c, label: t(`field.outcome.plan.channels.${c}`) }))}
        value={channel}
        onChange={(v) => onChannel(v ?? 'bank_transfer')}
        allowDeselect={false}
      />
      <Group gap="xs">
        {[2, 3, 6].map((n) => (
          <Button
            key={n}
            variant="light"
            size="sm"
            disabled={!totalYuan}
            onClick={() => onChange(splitEvenly(Number(totalYuan), n, firstDue))}
            data-testid={`plan-split-${n}`}
          >
            {t('field.outcome.plan.split', { count: n })}
          </Button>
        ))}
      </Group>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
        <Group key={i} gap="xs" wrap="nowrap" align="flex-end" data-testid="plan-row">
          <Text w={20} fw={600}>
            {i + 1}
          </Text>
          <TextInput
            type="date"
            size="md"
            label={i === 0 ? t('field.outcome.plan.due') : undefined}
            value={row.dueDate}
            onChange={(e) => set(i, { dueDate: e.currentTarget.value })}
            w={150}
          />
          <NumberInput
            size="md"
            label={i === 0 ? t('field.outcome.plan.amount') : undefined}
            value={row.amount}
            min={0}
            decimalScale={2}
            hideControls
            onChange={(v) => set(i, { amount: v === '' ? '' : Number(v) })}
            style={{ flex: 1 }}
            data-testid="plan-amount"
          />
          <ActionIcon
            size="xl"
            variant="subtle"
            color="red"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label={t('field.outcome.plan.remove')}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="default"
        onClick={() =>
          onChange([...rows, { dueDate: addDays(rows.at(-1)?.dueDate ?? firstDue, rows.length ? 30 : 0), amount: '' }])
        }
        data-testid="plan-add"
      >
        + {t('field.outcome.plan.add')}
      </Button>
      <Text size="sm" fw={600} c={sum === total && total > 0 ? 'green.8' : 'orange.8'} data-testid="plan-sum">
        {t('field.outcome.plan.sum', { sum: formatMoney(sum, locale), total: formatMoney(total, locale) })}
      </Text>
      {error && (
        <Text size="sm" c="red" data-testid="plan-error">
          {error}
        </Text>
      )}
    </Stack>
  );
}
