import { Button, Group, Popover, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';

/** "Verify records": recomputes the audit and outcome hash chains and names the first broken link, if any. */
export function IntegrityCheck() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: false });
  const r = q.data;
  const [opened, setOpened] = useState(false);
  return (
    <Group ml="auto" gap={6}>
      <Popover opened={opened && (!!r || !!q.error)} onChange={setOpened} position="bottom-end" withArrow shadow="md">
        <Popover.Target>
          <Button
            size="xs"
            variant="light"
            loading={q.isFetching}
            onClick={() => {
              setOpened(true);
              void q.refetch();
            }}
            data-testid="verify-chains"
          >
            {t('reports.verify')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown maw={360} data-testid="verify-result">
          {r && (
            <>
              <Text size="sm" fw={600} c={r.ok ? 'teal' : 'red'}>
                {r.ok ? t('reports.verifyOk') : t('reports.verifyBroken')}
              </Text>
              <Text size="xs">
                {t('reports.verifyAudit', { count: r.auditLog.checked })}
                {r.auditLog.firstBroken && ` — ${t('reports.firstBroken', { id: r.auditLog.firstBroken.id })}`}
              </Text>
              <Text size="xs">
                {t('reports.verifyOutcomes', { checked: r.outcomes.checked, unchained: r.outcomes.unchained })}
                {r.outcomes.firstBroken &&
                  ` — ${t('reports.firstBrokenOutcome', { version: r.outcomes.firstBroken.version })}`}
              </Text>
            </>
          )}
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
