import { Button, Group, Modal, Select, Tabs, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { PageLoader } from '../../components/query-state';
import { TeamSelect } from '../../components/team-filter';
import { useTRPC } from '../../lib/trpc';
import { useMe } from '../auth/use-me';
import { DashboardTab } from '../reports/dashboard-tab';
import { IntegrityCheck } from '../reports/integrity-check';
import { shiftDate, useReportFilters } from '../reports/use-report-filters';

// The dashboard opens first; the other tabs, the timeline drawer and the complaint form load when opened.
const CompliancePanel = lazy(() =>
  import('../compliance/compliance-panel').then((m) => ({ default: m.CompliancePanel })),
);
const ComplaintsPanel = lazy(() =>
  import('../complaints/complaints-panel').then((m) => ({ default: m.ComplaintsPanel })),
);
const ComplaintForm = lazy(() => import('../complaints/complaints-panel').then((m) => ({ default: m.ComplaintForm })));
const PromisesPanel = lazy(() => import('../reports/promises-panel').then((m) => ({ default: m.PromisesPanel })));
const PrintSummary = lazy(() => import('../reports/print-summary').then((m) => ({ default: m.PrintSummary })));
const VisitTimelineDrawer = lazy(() =>
  import('../visit-detail/visit-timeline-drawer').then((m) => ({ default: m.VisitTimelineDrawer })),
);

/**
 * The manager's home: KPIs, charts and the visits behind them, compliance exceptions, complaints and a
 * printable summary, for the period, team and agent held in the URL.
 */
export default function OutcomesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe();
  const f = useReportFilters();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const agents = useQuery(trpc.reports.dashboard.queryOptions({ ...f.filter, agentId: undefined }));
  const [complaintFor, setComplaintFor] = useState<string | null>(null);
  const manager = me.data?.role === 'manager' || me.data?.role === 'admin';
  if (f.tab === 'summary') {
    return (
      <Suspense fallback={<PageLoader />}>
        <PrintSummary f={f} />
      </Suspense>
    );
  }
  const preset = (days: number) => f.update({ from: shiftDate(f.today, -(days - 1)), to: f.today });
  return (
    <>
      <PageHeader title={t('reports.title')}>
        <Group gap="xs" align="end" wrap="wrap">
          <TextInput
            type="date"
            label={t('reports.from')}
            value={f.from}
            max={f.to}
            onChange={(e) => e.currentTarget.value && f.update({ from: e.currentTarget.value })}
            data-testid="period-from"
            w={150}
          />
          <TextInput
            type="date"
            label={t('reports.to')}
            value={f.to}
            min={f.from}
            onChange={(e) => e.currentTarget.value && f.update({ to: e.currentTarget.value })}
            data-testid="period-to"
            w={150}
          />
          <Button.Group>
            {[7, 30, 90].map((d) => (
              <Button key={d} size="sm" variant="default" onClick={() => preset(d)} data-testid={`preset-${d}`}>
                {t('reports.lastDays', { count: d })}
              </Button>
            ))}
          </Button.Group>
          <TeamSelect
            teams={teams.data ?? []}
            value={f.teamId}
            onChange={(id) => f.update({ team: id ?? undefined, agent: undefined })}
            allowAll
          />
          <Select
            label={t('reports.agent')}
            w={180}
            clearable
            searchable
            data-testid="agent-select"
            value={f.agentId ?? null}
            onChange={(v) => f.update({ agent: v ?? undefined })}
            data={(agents.data?.byAgent ?? []).map((a) => ({ value: a.agentId, label: a.name }))}
            placeholder={t('reports.allAgents')}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
      </PageHeader>
      <Suspense fallback={<PageLoader />}>
        <Tabs value={f.tab} onChange={(tab) => f.update({ tab: tab ?? 'dashboard' })} keepMounted={false}>
          <Tabs.List mb="sm">
            <Tabs.Tab value="dashboard" data-testid="tab-dashboard">
              {t('reports.tabs.dashboard')}
            </Tabs.Tab>
            {manager && (
              <Tabs.Tab value="compliance" data-testid="tab-compliance">
                {t('reports.tabs.compliance')}
              </Tabs.Tab>
            )}
            <Tabs.Tab value="complaints" data-testid="tab-complaints">
              {t('reports.tabs.complaints')}
            </Tabs.Tab>
            <Tabs.Tab value="promises" data-testid="tab-promises">
              {t('reports.tabs.promises')}
            </Tabs.Tab>
            <Tabs.Tab value="summary" data-testid="tab-summary">
              {t('reports.tabs.summary')}
            </Tabs.Tab>
            {manager && <IntegrityCheck />}
          </Tabs.List>
          <Tabs.Panel value="dashboard">
            <DashboardTab f={f} />
          </Tabs.Panel>
          {manager && (
            <Tabs.Panel value="compliance">
              <CompliancePanel f={f} />
            </Tabs.Panel>
          )}
          <Tabs.Panel value="complaints">
            <ComplaintsPanel f={f} />
          </Tabs.Panel>
          <Tabs.Panel value="promises">
            <PromisesPanel f={f} manager={manager} />
          </Tabs.Panel>
        </Tabs>
      </Suspense>
      <Suspense fallback={null}>
        {f.visit && (
          <VisitTimelineDrawer
            visitId={f.visit}
            onClose={() => f.update({ visit: undefined, page: f.page ? String(f.page) : undefined })}
            onComplaint={(id) => setComplaintFor(id)}
          />
        )}
        <Modal
          opened={!!complaintFor}
          onClose={() => setComplaintFor(null)}
          title={t('complaints.record')}
          zIndex={400}
        >
          {complaintFor && <ComplaintForm visitId={complaintFor} onDone={() => setComplaintFor(null)} />}
        </Modal>
      </Suspense>
    </>
  );
}
