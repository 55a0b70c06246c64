import { Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Page title on the left, page controls (filters) on the right, wrapping on narrow screens. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" mb="md" gap="sm">
      <Title order={2} data-testid="page-title">
        {title}
      </Title>
      {children && (
        <Group gap="sm" align="flex-end">
          {children}
        </Group>
      )}
    </Group>
  );
}
