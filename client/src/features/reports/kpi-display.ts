import type { Drill } from '@shared/schemas/oversight';
import type { TFunction } from 'i18next';
import { formatMoney } from '../../lib/format';
import type { RouterOutputs } from '../../lib/trpc';

type Kpis = RouterOutputs['reports']['dashboard']['kpis'];

/** One KPI as every screen shows it: its key (label `reports.kpi.<key>`), its value as text, a hint, a drill-down. */
interface KpiItem {
  key: string;
  value: string;
  hint?: string;
  /** Where a click narrows the visits table (the KPI stands for a set of visits). */
  drill?: Drill;
  /** What the number counts, for `reports.kpiDef.<key>` on the printed summary. */
  definition: string;
}

const pct = (x: number | null, locale: string) =>
  x === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x);
const num = (x: number | null, locale: string, digits = 1) =>
  x === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(x);

/**
 * The manager's KPIs as text, the one formatting the dashboard cards and the printed summary share: the same
 * number never rounds one way on screen and another on paper (1.35 vs 1.34 visits per crew-day).
 */
export function kpiItems(kpis: Kpis, openComplaints: number, locale: string, t: TFunction): KpiItem[] {
  const items: Array<Omit<KpiItem, 'definition'>> = [
    { key: 'planned', value: num(kpis.planned, locale), drill: 'planned' },
    { key: 'made', value: num(kpis.made, locale), drill: 'made' },
    { key: 'missed', value: num(kpis.missed, locale), drill: 'missed' },
    { key: 'contactRate', value: pct(kpis.contactRate, locale), drill: 'present' },
    { key: 'promiseRate', value: pct(kpis.promiseRate, locale), drill: 'promise' },
    { key: 'promisedAmount', value: formatMoney(kpis.promisedCents, locale), drill: 'promise' },
    {
      key: 'keptPromiseRate',
      value: pct(kpis.keptPromiseRate, locale),
      hint: t('reports.kpi.keptOf', { kept: kpis.promisesKept, count: kpis.promisesDecided }),
    },
    { key: 'plansAgreed', value: num(kpis.plansAgreed, locale), drill: 'plan' },
    { key: 'onTimeRate', value: pct(kpis.onTimeRate, locale), drill: 'late', hint: t('reports.kpi.lateHint') },
    { key: 'kmPerVisit', value: num(kpis.kmPerVisit, locale, 2) },
    { key: 'minutesPerVisit', value: num(kpis.travelMinutesPerVisit, locale, 1) },
    { key: 'visitsPerCrewDay', value: num(kpis.visitsPerCrewDay, locale, 2) },
    { key: 'openComplaints', value: num(openComplaints, locale) },
  ];
  return items.map((i) => ({ ...i, definition: t(`reports.kpiDef.${i.key}`) }));
}
