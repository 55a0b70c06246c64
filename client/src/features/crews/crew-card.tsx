import { Badge, Button, Card, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format';
import type { RouterOutputs } from '../../lib/trpc';

export type CrewDay = RouterOutputs['crews']['day'];
export type Crew = CrewDay['crews'][number];

/** What the user asked to do with a crew (the page opens the matching dialog or sends the edit). */
export type CrewAction = 'rename' | 'split' | 'swap' | 'merge';

/** One crew of the day: name, how it came to be, its members with their shifts and skills, and its actions. */
export function CrewCard({
  crew,
  timeZone,
  twoPersonRule,
  canMerge,
  editable,
  onAction,
}: {
  crew: Crew;
  timeZone: string;
  twoPersonRule: boolean;
  /** Another one-person crew exists that this one could merge with. */
  canMerge: boolean;
  editable: boolean;
  onAction: (action: CrewAction) => void;
}) {
  const { t, i18n } = useTranslation();
  const time = (iso: string | null) => (iso ? formatTime(iso, timeZone, i18n.language) : '—');
  const splitBlocked = twoPersonRule ? t('crews.action.splitBlocked') : null;
  return (
    <Card withBorder radius="md" padding="sm" data-testid="crew-card" data-crew-name={crew.name}>
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Group gap={6} wrap="wrap">
          <Text fw={700}>{crew.name}</Text>
          <Badge
            size="sm"
            variant="light"
            color={crew.origin === 'manual' ? 'grape' : 'blue'}
            data-testid="crew-origin"
          >
            {t(`crews.origin.${crew.origin}`)}
          </Badge>
          {crew.visits > 0 && (
            <Badge size="sm" variant="outline" color="gray">
              {t('crews.visits', { count: crew.visits })}
            </Badge>
          )}
        </Group>
        {editable && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="compact-xs" variant="default" data-testid="crew-actions">
                ⋯
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => onAction('rename')} data-testid="crew-rename">
                {t('crews.action.rename')}
              </Menu.Item>
              <Menu.Item onClick={() => onAction('swap')} data-testid="crew-swap">
                {t('crews.action.swap')}
              </Menu.Item>
              {crew.members.length > 1 && (
                <Tooltip label={splitBlocked} disabled={!splitBlocked} position="left">
                  <Menu.Item disabled={!!splitBlocked} onClick={() => onAction('split')} data-testid="crew-split">
                    {t('crews.action.split')}
                  </Menu.Item>
                </Tooltip>
              )}
              {crew.members.length === 1 && canMerge && (
                <Menu.Item onClick={() => onAction('merge')} data-testid="crew-merge">
                  {t('crews.action.merge')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Stack gap={4}>
        {crew.members.map((m) => (
          <div key={m.agentId} data-testid="crew-member">
            <Group gap={6} wrap="wrap">
              <Text size="sm" fw={500}>
                {m.fullName}
              </Text>
              <Text size="xs" c="dimmed">
                {m.badgeNo}
              </Text>
              {m.isLead && crew.members.length > 1 && (
                <Badge size="xs" variant="dot">
                  {t('crews.lead')}
                </Badge>
              )}
              <Text size="xs" c="dimmed" ml="auto">
                {time(m.shiftStart)}–{time(m.shiftEnd)}
              </Text>
            </Group>
            {(m.skills.length > 0 || m.languages.length > 0) && (
              <Group gap={4} mt={2}>
                {m.skills.map((s) => (
                  <Badge key={s} size="xs" variant="light" color="teal">
                    {/* Skills named after a visit type read as that type; others (a dialect) as stored. */}
                    {t(`visitType.${s}`, { defaultValue: s })}
                  </Badge>
                ))}
                {m.languages.map((l) => (
                  <Badge key={l} size="xs" variant="light" color="gray">
                    {l}
                  </Badge>
                ))}
              </Group>
            )}
          </div>
        ))}
      </Stack>
    </Card>
  );
}
