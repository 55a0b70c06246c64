import { Button, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { localTime } from '@shared/time';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { dayHeading, groupByDay, type Slot } from './slot-format';

/** The offered slots, one block per day with large buttons (a thumb on a phone): tapping one picks it. */
export function SlotPicker({
  slots,
  timeZone,
  onPick,
}: {
  slots: Slot[];
  timeZone: string;
  onPick: (slot: Slot) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Stack gap="md" data-testid="slot-picker">
      {groupByDay(slots, timeZone).map((day) => (
        <Stack key={day.date} gap={6} data-testid="slot-day" data-date={day.date}>
          <Title order={4}>{dayHeading(day.date, language, t)}</Title>
          <SimpleGrid cols={2} spacing="xs">
            {day.slots.map((slot) => (
              <Button
                key={slot.start}
                variant="default"
                size="lg"
                h={56}
                px={4}
                fz="lg"
                onClick={() => onPick(slot)}
                data-testid="slot-option"
                data-start={slot.start}
              >
                {t('slots.slotRange', {
                  from: localTime(new Date(slot.start), timeZone),
                  to: localTime(new Date(slot.end), timeZone),
                })}
              </Button>
            ))}
          </SimpleGrid>
        </Stack>
      ))}
      <Text size="xs" c="dimmed">
        {t('slots.timeZone', { zone: timeZone })}
      </Text>
    </Stack>
  );
}
