import { Alert } from '@mantine/core';
import { STRAIGHT_LINE_MODEL } from '@shared/geo';
import { useTranslation } from 'react-i18next';

/**
 * Says when travel times are not the road engine's (it failed and straight-line estimates were used), so a
 * dispatcher does not read a board or a plan preview as road-accurate when it is not. Renders nothing otherwise.
 */
export function TravelWarning({ warning }: { warning: 'ROUTING_FALLBACK' | null }) {
  const { t } = useTranslation();
  if (!warning) return null;
  return (
    <Alert color="yellow" variant="light" title={t(`travel.${warning}.title`)} data-testid="travel-warning">
      {t(`travel.${warning}.body`, { detour: STRAIGHT_LINE_MODEL.detourFactor, speed: STRAIGHT_LINE_MODEL.speedKmh })}
    </Alert>
  );
}
