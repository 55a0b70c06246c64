import { Alert, Button, Card, Center, Group, Image, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgentPhoto } from '../../components/agent-photo';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatTime } from '../../lib/format';
import { errorInfo, useTRPC } from '../../lib/trpc';
import { type KeptBadge, keptBadge, keptPhoto } from './badge-cache';
import { badgeCacheKey, deviceGeneration, writeCached } from './device-data';
import { type FieldStop, formatDistance } from './route-state';
import { useOnline } from './use-online';

/** The ID badge, shown to the borrower first on arrival: who I am, for whom, and a code to check me. */
export function BadgeScreen({
  stop,
  timeZone,
  onCheckIn,
  checkingIn,
  checkInError,
  onOutcome,
  onBack,
}: {
  stop: FieldStop;
  timeZone: string;
  onCheckIn: () => void;
  checkingIn: boolean;
  checkInError: string | null;
  onOutcome: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const locale = currentLanguage();
  const online = useOnline();
  // The copy kept on the phone shows at once, signal or not; a fresh one replaces it when the server answers.
  const [badge, setBadge] = useState<KeptBadge | null>(() => keptBadge(stop.id) ?? null);
  const [fresh, setFresh] = useState(false);
  const [qr, setQr] = useState<string | null>(null);
  const issue = useMutation(
    trpc.field.badge.mutationOptions({
      onMutate: deviceGeneration,
      onSuccess: (b, _input, since) => {
        setBadge(b);
        setFresh(true);
        const kept = { ...b, keptAt: new Date().toISOString() } satisfies KeptBadge;
        writeCached(badgeCacheKey(stop.id), kept, since);
      },
    }),
  );
  const { mutate } = issue;
  useEffect(() => {
    if (online) mutate({ visitId: stop.id });
  }, [mutate, stop.id, online]);
  const photoHash = badge?.agent.photo?.sha256;
  // Offline only the kept copy of the photo can show; online the agent's own photo address serves it.
  const photo = keptPhoto(photoHash) ?? (photoHash && online ? '/field/photo' : null);
  useEffect(() => {
    if (!badge) return;
    void QRCode.toDataURL(`${window.location.origin}${badge.verifyPath}`, { margin: 1, width: 240 }).then(setQr);
  }, [badge]);

  return (
    <Stack gap="md" data-testid="badge-screen">
      <Group justify="space-between">
        <Button variant="subtle" size="md" onClick={onBack} data-testid="badge-back">
          ← {t('field.back')}
        </Button>
        <Text size="sm" c="dimmed">
          {stop.district}
        </Text>
      </Group>
      {issue.error && !badge && <Alert color="red">{errorInfo(issue.error).message}</Alert>}
      {!badge && !online && (
        <Alert color="yellow" data-testid="badge-not-kept">
          {t('field.badge.notKept')}
        </Alert>
      )}
      {badge && (
        <Card withBorder radius="lg" padding="lg" shadow="sm">
          <Stack align="center" gap={6}>
            <Text size="sm" fw={600} c="teal.8" ta="center" data-testid="badge-lender">
              {badge.lenderNames?.[locale] ?? badge.lenderName}
            </Text>
            <AgentPhoto src={photo} size={112} />
            <Title order={2} data-testid="badge-name">
              {badge.agent.fullName}
            </Title>
            <Text size="lg" data-testid="badge-number">
              {t('field.badge.number')}: <b>{badge.agent.badgeNo}</b>
            </Text>
            <Text size="sm" c={badge.agent.credentialStatus === 'valid' ? 'green.8' : 'red.8'}>
              {t(`field.badge.credential.${badge.agent.credentialStatus}`)} ·{' '}
              {t('field.badge.validity', {
                from: formatCalendarDate(badge.agent.credentialValidFrom, locale),
                to: formatCalendarDate(badge.agent.credentialValidTo, locale),
              })}
            </Text>
            {qr && <Image src={qr} w={200} h={200} alt={t('field.badge.qrAlt')} data-testid="badge-qr" />}
            <Text size="sm" c="dimmed">
              {t('field.badge.codeHint')}
            </Text>
            <Text ff="monospace" fz={44} fw={800} lts={6} data-testid="badge-code">
              {badge.code}
            </Text>
            <Text size="xs" c="dimmed" data-testid="badge-expires">
              {t('field.badge.expires', { time: formatTime(badge.expiresAt, timeZone, locale) })}
            </Text>
            {!fresh && badge.keptAt && (
              <Text size="xs" c="orange.8" ta="center" data-testid="badge-kept">
                {t('field.badge.kept', {
                  at: formatTime(badge.keptAt, timeZone, locale),
                  until: formatTime(badge.expiresAt, timeZone, locale),
                })}
              </Text>
            )}
          </Stack>
        </Card>
      )}
      {checkInError && (
        <Alert color="red" data-testid="check-in-error">
          {checkInError}
        </Alert>
      )}
      {stop.checkInAt && (
        <Text ta="center" fw={600} c={stop.checkInFlagged ? 'orange.8' : 'green.8'} data-testid="check-in-done">
          {t('field.checkIn.done', { time: formatTime(stop.checkInAt, timeZone, locale) })}
          {stop.checkInDistanceM !== null &&
            ` · ${t(stop.checkInFlagged ? 'field.checkIn.far' : 'field.checkIn.near', { distance: formatDistance(stop.checkInDistanceM, locale) })}`}
        </Text>
      )}
      {stop.status === 'on_site' && (
        <Button size="xl" color="teal" onClick={onOutcome} data-testid="badge-outcome">
          {t('field.stop.recordOutcome')}
        </Button>
      )}
      {stop.status === 'en_route' && (
        <Button size="xl" color="orange" loading={checkingIn} onClick={onCheckIn} data-testid="check-in">
          {t('field.checkIn.button')}
        </Button>
      )}
      {!badge && online && issue.isPending && (
        <Center h={120}>
          <Text c="dimmed">{t('common.loading')}</Text>
        </Center>
      )}
    </Stack>
  );
}
