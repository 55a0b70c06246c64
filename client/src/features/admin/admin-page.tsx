import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { AgentsTab } from './agents-tab';
import { BasesTab } from './bases-tab';
import { SetupChecklist } from './setup-checklist';
import { TeamsTab } from './teams-tab';
import { TemplatesTab } from './templates-tab';
import { TokensTab } from './tokens-tab';
import { UsersTab } from './users-tab';

const TABS = ['users', 'teams', 'bases', 'agents', 'tokens', 'templates'] as const;
type Tab = (typeof TABS)[number];

/** Administration: users (with a new-user form), teams with their policy, agents with credential status. */
export default function AdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? 'users';
  return (
    <>
      <PageHeader title={t('admin.title')} />
      <SetupChecklist />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'users' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {TABS.map((x) => (
            <Tabs.Tab key={x} value={x} data-testid={`tab-${x}`}>
              {x === 'tokens'
                ? t('tokens.tab')
                : x === 'templates'
                  ? t('messages.templates.tab')
                  : t(`admin.tabs.${x}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="users">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="teams">
          <TeamsTab />
        </Tabs.Panel>
        <Tabs.Panel value="bases">
          <BasesTab />
        </Tabs.Panel>
        <Tabs.Panel value="agents">
          <AgentsTab />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <TemplatesTab />
        </Tabs.Panel>
        <Tabs.Panel value="tokens">
          <TokensTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
