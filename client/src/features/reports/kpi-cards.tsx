import { Paper, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import type { Drill } from '@shared/schemas/oversight';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import type { RouterOutputs } from '../../lib/trpc';
import { kpiItems } from './kpi-display';

type Kpis = RouterOutputs['reports']['dashboard']['kpis'];

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
  const cards = kpiItems(kpis, openComplaints, currentLanguage(), t);
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="xs" data-testid="kpi-cards">
      {cards.map((c) => {
        const body = (
          <Paper key={c.key} withBorder p="xs" radius="md" h="100%" data-testid={`kpi-${c.key}`}>
            <Text size="xs" c="dimmed" lineClamp={1} title={`${t(`reports.kpi.${c.key}`)}: ${c.definition}`}>
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
