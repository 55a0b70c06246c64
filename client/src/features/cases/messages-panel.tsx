import { Alert, Anchor, Badge, Button, CopyButton, Group, Menu, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { MessageStatusBadge } from './message-status';
import { OptOutDialog, SendNoticeDialog } from './messages-actions';

type CaseMessages = RouterOutputs['outbox']['caseMessages'];
type MessageDto = CaseMessages['messages'][number];

/**
 * The case's borrower messages, newest first: kind, status (held until …, queued — no gateway, failed with why …),
 * times and the text with a Copy button (without a gateway the dispatcher sends it by hand). The borrower's SMS
 * opt-out shows above with who recorded it; recording or lifting one and sending a notice are actions here.
 */
export function MessagesPanel({ caseId, mayArrange }: { caseId: string; mayArrange: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const read = useQuery(trpc.outbox.caseMessages.queryOptions({ caseId }));
  const [dialog, setDialog] = useState<null | 'record' | 'lift' | 'first_notice' | 'appointment_notice'>(null);
  const data = read.data;
  const locale = currentLanguage();
  return (
    <Paper withBorder p="md" data-testid="messages-panel">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={5}>{t('messages.panel.title')}</Title>
        <Group gap="xs">
          {mayArrange && !data?.optOut && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button size="xs" variant="light" data-testid="send-sms-notice">
                  {t('messages.panel.sendNotice')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => setDialog('first_notice')} data-testid="send-sms-first_notice">
                  {t('messages.kind.first_notice')}
                </Menu.Item>
                <Menu.Item onClick={() => setDialog('appointment_notice')} data-testid="send-sms-appointment_notice">
                  {t('messages.kind.appointment_notice')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
          {data && !data.optOut && (
            <Button
              size="xs"
              variant="subtle"
              color="orange"
              onClick={() => setDialog('record')}
              data-testid="opt-out-record"
            >
              {t('messages.optOut.record')}
            </Button>
          )}
        </Group>
      </Group>
      {data?.optOut && (
        <Alert color="orange" mb="sm" data-testid="opt-out-banner">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <div>
              <Text size="sm" fw={500}>
                {t('messages.optOut.since', {
                  date: formatDateTime(data.optOut.recordedAt, data.timeZone, locale),
                  who: data.optOut.recordedByName ?? t('messages.optOut.unknownUser'),
                })}
              </Text>
              {data.optOut.reason && (
                <Text size="xs">{t('messages.optOut.reason', { reason: data.optOut.reason })}</Text>
              )}
            </div>
            <Button
              size="xs"
              variant="white"
              color="orange"
              onClick={() => setDialog('lift')}
              data-testid="opt-out-lift"
            >
              {t('messages.optOut.lift')}
            </Button>
          </Group>
        </Alert>
      )}
      {data && data.messages.length === 0 && (
        <Text c="dimmed" size="sm" data-testid="no-message">
          {t('messages.panel.none')}
        </Text>
      )}
      <Stack gap={6}>
        {data?.messages.map((m) => (
          <MessageRow key={m.id} m={m} timeZone={data.timeZone} />
        ))}
      </Stack>
      {(dialog === 'record' || dialog === 'lift') && (
        <OptOutDialog caseId={caseId} mode={dialog} onClose={() => setDialog(null)} />
      )}
      {(dialog === 'first_notice' || dialog === 'appointment_notice') && (
        <SendNoticeDialog caseId={caseId} stage={dialog} onClose={() => setDialog(null)} />
      )}
    </Paper>
  );
}

function MessageRow({ m, timeZone }: { m: MessageDto; timeZone: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const [open, setOpen] = useState(false);
  const at = (iso: string) => formatDateTime(iso, timeZone, locale);
  const times = [
    t('messages.panel.written', { at: at(m.createdAt) }),
    m.sentAt && t('messages.panel.sentAt', { at: at(m.sentAt) }),
    m.deliveredAt && t('messages.panel.deliveredAt', { at: at(m.deliveredAt) }),
    m.failedAt && t('messages.panel.failedAt', { at: at(m.failedAt) }),
    m.attempts > 1 && t('messages.panel.attempts', { count: m.attempts }),
    m.createdByName && t('messages.panel.by', { name: m.createdByName }),
  ].filter(Boolean);
  return (
    <Paper withBorder p={8} radius="sm" data-testid="message-row" data-status={m.status} data-kind={m.kind}>
      <Group justify="space-between" wrap="wrap" gap={6}>
        <Group gap={6} wrap="wrap">
          <Badge size="sm" variant="outline" color="dark" miw="max-content">
            {t(`messages.kind.${m.kind}`)}
          </Badge>
          <MessageStatusBadge m={m} timeZone={timeZone} />
          <Text size="xs" c="dimmed">
            {t('messages.panel.to', { phone: m.toPhone })} ·{' '}
            {t('messages.panel.template', { version: m.templateVersion })}
          </Text>
        </Group>
        <Group gap={6}>
          <Anchor component="button" size="xs" onClick={() => setOpen((o) => !o)} data-testid="message-toggle">
            {open ? t('messages.panel.hideText') : t('messages.panel.showText')}
          </Anchor>
          <CopyButton value={m.text}>
            {({ copied, copy }) => (
              <Button
                size="compact-xs"
                variant={copied ? 'light' : 'default'}
                color={copied ? 'teal' : undefined}
                onClick={copy}
                data-testid="message-copy"
              >
                {copied ? t('messages.panel.copied') : t('messages.panel.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Group>
      {m.reasonText && m.status !== 'queued' && (
        <Text size="xs" c={m.status === 'failed' ? 'red' : 'dimmed'} mt={4} data-testid="message-reason">
          {m.reasonText}
        </Text>
      )}
      {m.statusReason === 'NO_GATEWAY' && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('messages.panel.noGatewayHint')}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt={2}>
        {times.join(' · ')}
      </Text>
      {open && (
        <Text
          size="sm"
          mt={6}
          p={6}
          bg="var(--mantine-color-gray-light)"
          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', borderRadius: 4 }}
          data-testid="message-text"
        >
          {m.text}
        </Text>
      )}
    </Paper>
  );
}
