import { Paper, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import type { Drill } from '@shared/schemas/oversight';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatMoney } from '../../lib/format';
import type { RouterOutputs } from '../../lib/trpc';

type Kpis = RouterOutputs['reports']['dashboard']['kpis'];

const pct = (x: number | null, locale: string) =>
  x === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);
const num = (x: number | null, locale: string, digits = 1) =>
  x === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(x);

/** The KPI numbers; those that stand for a set of visits are buttons that drill the table down to them. */
export function KpiCards({
  kpis,
  openComplaints,
  onDrill,
}: {
  kpis: Kpis;
  openComplaints: number;
  onDrill: (d: Drill) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const cards: Array<{ key: string; value: string; hint?: string; drill?: Drill }> = [
    { key: 'planned', value: num(kpis.planned, locale), drill: 'planned' },
    { key: 'made', value: num(kpis.made, locale), drill: 'made' },
    { key: 'missed', value: num(kpis.missed, locale), drill: 'missed' },
    { key: 'contactRate', value: pct(kpis.contactRate, locale), drill: 'present' },
    { key: 'promiseRate', value: pct(kpis.promiseRate, locale), drill: 'promise' },
    { key: 'promisedAmount', value: formatMoney(kpis.promisedCents, locale), drill: 'promise' },
    {
      key: 'keptPromiseRate',
      value: pct(kpis.keptPromiseRate, locale),
      hint: t('reports.kpi.keptOf', { kept: kpis.promisesKept, due: kpis.promisesDecided }),
    },
    { key: 'plansAgreed', value: num(kpis.plansAgreed, locale), drill: 'plan' },
    { key: 'onTimeRate', value: pct(kpis.onTimeRate, locale), drill: 'late', hint: t('reports.kpi.lateHint') },
    { key: 'kmPerVisit', value: num(kpis.kmPerVisit, locale, 2) },
    { key: 'minutesPerVisit', value: num(kpis.travelMinutesPerVisit, locale, 1) },
    { key: 'visitsPerCrewDay', value: num(kpis.visitsPerCrewDay, locale, 2) },
    { key: 'openComplaints', value: num(openComplaints, locale) },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="xs" data-testid="kpi-cards">
      {cards.map((c) => {
        const body = (
          <Paper key={c.key} withBorder p="xs" radius="md" h="100%" data-testid={`kpi-${c.key}`}>
            <Text size="xs" c="dimmed" lineClamp={1} title={t(`reports.kpi.${c.key}`)}>
              {t(`reports.kpi.${c.key}`)}
            </Text>
            <Text fw={700} size="lg" data-testid={`kpi-${c.key}-value`}>
              {c.value}
            </Text>
            {c.hint && (
              <Text size="xs" c="dimmed" lineClamp={1}>
                {c.hint}
              </Text>
            )}
          </Paper>
        );
        const drill = c.drill;
        return drill ? (
          <UnstyledButton
            key={c.key}
            onClick={() => onDrill(drill)}
            aria-label={t('reports.drillTo', { what: t(`reports.kpi.${c.key}`) })}
          >
            {body}
          </UnstyledButton>
        ) : (
          <div key={c.key}>{body}</div>
        );
      })}
    </SimpleGrid>
  );
}
