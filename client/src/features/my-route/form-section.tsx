import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled, bordered group of fields on the phone's forms. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs" p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 12 }}>
      <Text fw={700} size="sm" c="dimmed" tt="uppercase">
        {title}
      </Text>
      {children}
    </Stack>
  );
}
