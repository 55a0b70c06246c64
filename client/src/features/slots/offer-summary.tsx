import { Anchor, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ComplaintChannel } from '../../components/complaint-channel';
import type { RouterOutputs } from '../../lib/trpc';

export type Offer = RouterOutputs['slots']['offer'];

/** Who visits, why (in neutral words: never an amount or a debt), where, and the borrower's rights. */
export function OfferSummary({ offer }: { offer: Offer }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Text fw={700} c="teal.8" data-testid="slot-lender">
        {t('slots.from', { lender: offer.lenderName })}
      </Text>
      <div>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('slots.purposeLabel')}
        </Text>
        <Text data-testid="slot-purpose">{t(`slots.purpose.${offer.visitType}`)}</Text>
      </div>
      <div>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('slots.addressLabel')}
        </Text>
        <Text fw={600} data-testid="slot-address">
          {offer.address}
        </Text>
      </div>
      <Paper bg="gray.0" p="sm" radius="md" data-testid="slot-rights">
        <Text size="sm">
          <b>{t('slots.rightsTitle')}</b> · {t('slots.rightsBadge')}{' '}
          <Anchor href="/verify" fw={600}>
            {`${window.location.host}/verify`}
          </Anchor>
        </Text>
        <Text size="sm" mt={4}>
          {t('slots.rightsComplain')} <ComplaintChannel complaint={offer.complaint} inline />
        </Text>
      </Paper>
    </Stack>
  );
}
