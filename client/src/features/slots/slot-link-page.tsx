import '@mantine/core/styles.css';
import { Alert, Box, Button, Container, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { localDate, localTime } from '@shared/time';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ComplaintChannel } from '../../components/complaint-channel';
import { LanguageSwitch } from '../../components/language-switch';
import { PageLoader } from '../../components/query-state';
import { currentLanguage } from '../../i18n';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { type Offer, OfferSummary } from './offer-summary';
import { ChosenSlot, ConfirmStep } from './slot-confirm';
import { DeclineSlots } from './slot-decline';
import { dayHeading, type Slot } from './slot-format';
import { SlotPicker } from './slot-picker';

// Answers to a confirm that mean the offer on screen is out of date: show the message and load it again.
const STALE_OFFER = new Set(['SLOT_NOT_OFFERED', 'SLOT_LINK_USED', 'SLOT_LINK_EXPIRED']);

/** The phone-sized card the public pages share in spirit with /verify: title, language switch, privacy note. */
function PublicCard({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Container size={460} px="sm" py="md" mih="100dvh">
      <Paper withBorder shadow="sm" p="md" radius="lg" data-testid="slot-page">
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Title order={3}>{t('slots.title')}</Title>
            <Box flex="none">
              <LanguageSwitch short />
            </Box>
          </Group>
          {children}
          <Text size="xs" c="dimmed" ta="center">
            {t('slots.privacy')}
          </Text>
        </Stack>
      </Paper>
    </Container>
  );
}

/** The open link: pick a slot, read it back, confirm; then the agreed time. */
function OpenOffer({ offer, token, onStale }: { offer: Offer; token: string; onStale: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [picked, setPicked] = useState<Slot | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const step = useRef<HTMLDivElement>(null);
  const confirm = useMutation(
    trpc.slots.confirm.mutationOptions({
      onError: (error) => {
        const info = errorInfo(error);
        if (!info.appCode || !STALE_OFFER.has(info.appCode)) return;
        setNotice(info.appCode === 'SLOT_NOT_OFFERED' ? `${info.message} ${t('slots.notOffered')}` : info.message);
        setPicked(null);
        onStale();
      },
    }),
  );
  const done = confirm.data;
  useEffect(() => {
    if (picked || done) step.current?.scrollIntoView({ block: 'start' });
  }, [picked, done]);

  if (done) {
    const slot = { start: done.slotStart, end: done.slotEnd };
    return (
      <div ref={step}>
        <ChosenSlot slot={slot} timeZone={offer.timeZone} kind="success" footer={t('slots.successHint')} />
      </div>
    );
  }
  if (picked) {
    return (
      <div ref={step}>
        <ConfirmStep
          slot={picked}
          timeZone={offer.timeZone}
          pending={confirm.isPending}
          error={confirm.error ? errorInfo(confirm.error).message : null}
          onConfirm={() => confirm.mutate({ token, slotStart: picked.start })}
          onBack={() => {
            confirm.reset();
            setPicked(null);
          }}
        />
      </div>
    );
  }
  const expires = new Date(offer.expiresAt);
  return (
    <Stack gap="sm">
      <Title order={4}>{t('slots.chooseTitle')}</Title>
      {notice && (
        <Alert color="orange" data-testid="slot-notice">
          {notice}
        </Alert>
      )}
      <Text size="sm" c="dimmed" data-testid="slot-valid-until">
        {t('slots.validUntil', {
          date: dayHeading(localDate(expires, offer.timeZone), currentLanguage(), t),
          time: localTime(expires, offer.timeZone),
        })}
      </Text>
      {offer.slots.length > 0 ? (
        <SlotPicker
          slots={offer.slots}
          timeZone={offer.timeZone}
          onPick={(slot) => {
            confirm.reset();
            setNotice(null);
            setPicked(slot);
          }}
        />
      ) : (
        <Alert color="orange" data-testid="slot-none">
          {t('slots.noSlots')} <ComplaintChannel complaint={offer.complaint} inline />
        </Alert>
      )}
      <DeclineSlots token={token} onDone={onStale} />
    </Stack>
  );
}

/** What the link shows in each state: open (the picker), used (the agreed time), declined, or expired (whom to call). */
function OfferBody({ offer, token, onStale }: { offer: Offer; token: string; onStale: () => void }) {
  const { t } = useTranslation();
  if (offer.state === 'used' && offer.chosen) {
    return (
      <ChosenSlot
        slot={offer.chosen}
        timeZone={offer.timeZone}
        kind="used"
        footer={
          <>
            {t('slots.usedHint')} <ComplaintChannel complaint={offer.complaint} inline />
          </>
        }
      />
    );
  }
  if (offer.state === 'open') return <OpenOffer offer={offer} token={token} onStale={onStale} />;
  // Declined (we will call) or expired (please call us): either way, the number to call.
  const declined = offer.state === 'declined';
  return (
    <Alert
      color={declined ? 'teal' : 'orange'}
      radius="md"
      title={t(declined ? 'slots.declinedTitle' : 'slots.expiredTitle')}
      data-testid={declined ? 'slot-declined' : 'slot-expired'}
    >
      <Text size="sm" mb={6}>
        {t(declined ? 'slots.declinedText' : 'slots.expiredText')}
      </Text>
      <ComplaintChannel complaint={offer.complaint} />
    </Alert>
  );
}

/**
 * The borrower's personal slot link from the SMS (SPEC §6), no sign-in: who visits, why and where, their
 * rights, and the free slots to choose from. The server sends nothing about the debt and decides every rule.
 */
export default function SlotLinkPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { token = '' } = useParams();
  const offer = useQuery(trpc.slots.offer.queryOptions({ token }));
  const { refetch } = offer;
  // The lender's name and the server's messages come in the language of the request: ask again on a switch.
  const language = currentLanguage();
  const asked = useRef(language);
  useEffect(() => {
    if (asked.current === language) return;
    asked.current = language;
    void refetch();
  }, [language, refetch]);

  if (offer.isPending) {
    return (
      <PublicCard>
        <PageLoader />
      </PublicCard>
    );
  }
  if (!offer.data) {
    const info = errorInfo(offer.error);
    return (
      <PublicCard>
        <Alert color="red" data-testid="slot-error">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{info.message}</Text>
            {!info.appCode && (
              <Button variant="light" color="red" onClick={() => void refetch()}>
                {t('slots.retry')}
              </Button>
            )}
          </Stack>
        </Alert>
      </PublicCard>
    );
  }
  return (
    <PublicCard>
      <OfferSummary offer={offer.data} />
      <Divider />
      <OfferBody offer={offer.data} token={token} onStale={() => void refetch()} />
    </PublicCard>
  );
}
