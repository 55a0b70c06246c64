import '@mantine/core/styles.css';
import { Alert, Badge, Button, Center, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { AgentPhoto } from '../../components/agent-photo';
import { ComplaintChannel } from '../../components/complaint-channel';
import { LanguageSwitch } from '../../components/language-switch';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatTime } from '../../lib/format';
import { errorInfo, type RouterOutputs, useTRPC } from '../../lib/trpc';

type Result = RouterOutputs['verify']['check'];

const COLORS: Record<Result['result'], string> = {
  valid: 'green',
  expired: 'orange',
  not_authorised: 'red',
  unknown: 'red',
};

function Identity({ r }: { r: Result }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  if (!r.agent) return null;
  return (
    <Stack align="center" gap={6}>
      {/* The server gives a photo address for a valid code only, so a wrong code never shows a face. */}
      <AgentPhoto src={r.agent.photoPath} size={104} />
      <Title order={2} data-testid="verify-name">
        {r.agent.fullName}
      </Title>
      <Text size="lg">
        {t('verify.badgeNo')}: <b data-testid="verify-badge-no">{r.agent.badgeNo}</b>
      </Text>
      <Text size="sm" c={r.agent.credentialStatus === 'valid' ? 'green.8' : 'red.8'}>
        {t(`verify.credential.${r.agent.credentialStatus ?? 'expired'}`)} ·{' '}
        {t('verify.validity', {
          from: formatCalendarDate(r.agent.credentialValidFrom, locale),
          to: formatCalendarDate(r.agent.credentialValidTo, locale),
        })}
      </Text>
      {r.visit && (
        <Text ta="center" data-testid="verify-scope">
          {t('verify.scope', { district: r.visit.district, date: formatCalendarDate(r.visit.date, locale) })}
          <br />
          <Text span size="sm" c="dimmed">
            {t('verify.until', { time: formatTime(r.visit.validUntil, r.timeZone, locale) })}
          </Text>
        </Text>
      )}
    </Stack>
  );
}

/**
 * The borrower's check of a visitor (no sign-in): who the visitor is, whether they are authorised for a visit
 * here today, and how to complain. It never shows anything about a debt — the server does not send any.
 */
export default function VerifyPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { code } = useParams();
  // A scanned QR carries the server's signature of the badge; a typed code has none.
  const signature = useSearchParams()[0].get('s') ?? undefined;
  const [typed, setTyped] = useState(code ?? '');
  const check = useMutation(trpc.verify.check.mutationOptions());
  const { mutate } = check;
  useEffect(() => {
    if (code) mutate({ code, s: signature });
  }, [code, signature, mutate]);
  const r = check.data;

  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={420} radius="lg" data-testid="verify-page">
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap">
            <Title order={3}>{t('verify.title')}</Title>
            <LanguageSwitch short />
          </Group>
          {r && (
            <>
              <Text size="sm" fw={600} c="teal.8" ta="center" data-testid="verify-lender">
                {r.lenderNames[currentLanguage()]}
              </Text>
              <Badge
                size="xl"
                color={COLORS[r.result]}
                fullWidth
                h={48}
                data-testid="verify-result"
                data-result={r.result}
              >
                {t(`verify.result.${r.result}`)}
              </Badge>
              <Identity r={r} />
            </>
          )}
          {check.error && <Alert color="red">{errorInfo(check.error).message}</Alert>}
          {(!code || r?.result === 'unknown' || check.error) && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void navigate(`/verify/${typed.trim().toUpperCase()}`);
              }}
            >
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  size="lg"
                  style={{ flex: 1 }}
                  label={t('verify.enterCode')}
                  value={typed}
                  maxLength={6}
                  onChange={(e) => setTyped(e.currentTarget.value)}
                  data-testid="verify-input"
                  styles={{ input: { fontFamily: 'monospace', letterSpacing: 4, textTransform: 'uppercase' } }}
                />
                <Button size="lg" type="submit">
                  {t('verify.check')}
                </Button>
              </Group>
            </form>
          )}
          {r?.result === 'unknown' && (
            <Alert color="red" variant="light" data-testid="verify-unknown-advice">
              {t('verify.unknownAdvice')}
            </Alert>
          )}
          {/* The visitor's team's own channel; an unknown code names no team, so no channel to show. */}
          {r?.complaint && (
            <Alert color="gray" title={t('verify.complaintTitle')} data-testid="verify-complaint">
              <Text size="sm" mb={6}>
                {t('verify.complaintText')}
              </Text>
              <ComplaintChannel complaint={r.complaint} />
            </Alert>
          )}
          <Text size="xs" c="dimmed" ta="center">
            {t('verify.privacy')}
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
