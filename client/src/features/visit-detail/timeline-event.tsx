import { Anchor, Badge, Code, Group, Stack, Text } from '@mantine/core';
import { describeHistory } from '@shared/history/messages';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OutcomeBadge } from '../../components/status-badge';
import { currentLanguage } from '../../i18n';
import { formatDateTime, formatMoney, formatSlot } from '../../lib/format';
import { MessageStatusBadge } from '../cases/message-status';
import { EvidenceItem } from './evidence-item';
import type { TimelineEvent } from './timeline-types';

/** What a timeline item says in its title: an audited change as its sentence, anything else by its kind. */
export function eventTitle(e: TimelineEvent, t: (key: string) => string): string {
  if (e.kind === 'audit' && e.history) return describeHistory(e.history, currentLanguage());
  if (e.kind === 'message') return `${t('messages.timeline.title')}: ${t(`messages.kind.${e.details.messageKind}`)}`;
  return t(`visit-detail.kind.${e.kind}`);
}

/** The raw audit change behind a sentence, shown only when asked for (it names ids, as stored). */
function RawChange({ e }: { e: TimelineEvent }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Stack gap={2}>
      <Anchor
        component="button"
        size="xs"
        c="dimmed"
        ta="left"
        style={{ alignSelf: 'flex-start' }}
        onClick={() => setOpen((o) => !o)}
        data-testid="history-raw"
      >
        {open ? t('visit-detail.hideChange') : t('visit-detail.showChange')}
      </Anchor>
      {open && (
        <Code block fz={10} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="history-raw-change">
          {`${e.details.action}\n${e.details.change ?? ''}`}
        </Code>
      )}
    </Stack>
  );
}

/** The body of one timeline item, by kind; times in the team's zone. */
export function EventBody({ e, zone }: { e: TimelineEvent; zone: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const d = e.details;
  switch (e.kind) {
    case 'slotAgreed':
    case 'slotReplaced':
      return <Text size="sm">{formatSlot(String(d.slotStart), String(d.slotEnd), zone, locale)}</Text>;
    case 'checkIn':
      return (
        <Text size="sm" c={d.flagged ? 'red' : undefined} data-testid="timeline-checkin">
          {t('visit-detail.distance', { m: d.distanceM == null ? '—' : Math.round(Number(d.distanceM)) })}
        </Text>
      );
    case 'outcome':
      return (
        <Stack gap={2}>
          <Group gap={6}>
            <Badge size="xs" variant="outline">
              v{d.version}
            </Badge>
            <OutcomeBadge code={String(d.code)} />
            {d.promisedAmountCents != null && (
              <Text size="sm">{formatMoney(Number(d.promisedAmountCents), locale)}</Text>
            )}
          </Group>
          {d.correctionReason && <Text size="xs">{t('visit-detail.correction', { reason: d.correctionReason })}</Text>}
          <Text size="xs" c="dimmed">
            {t('visit-detail.idShown')}: {d.idShown ? t('common.yes') : t('common.no')} · {t('visit-detail.recordings')}
            : {d.recordings}
          </Text>
          {d.assetsObserved && (
            <Text size="xs" data-testid="timeline-assets">
              {t('visit-detail.assetsObserved', { text: d.assetsObserved })}
            </Text>
          )}
          {typeof d.files === 'number' && (
            <Text size="xs" c="dimmed">
              {t('visit-detail.outcomeFiles', { count: d.files })}
            </Text>
          )}
          {d.hash && <Code fz={10}>{String(d.hash).slice(0, 24)}…</Code>}
        </Stack>
      );
    case 'attachment':
      return <EvidenceItem e={e} />;
    case 'audit':
      return (
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {formatDateTime(e.at, zone, locale)}
          </Text>
          <RawChange e={e} />
        </Stack>
      );
    case 'message':
      return (
        <Group gap={6} data-testid="timeline-message-status" data-kind={String(d.messageKind)}>
          <MessageStatusBadge
            m={{
              status: String(d.status),
              statusReason: d.statusReason == null ? null : String(d.statusReason),
              reasonText: d.reasonText == null ? null : String(d.reasonText),
              notBefore: String(d.notBefore),
            }}
            timeZone={zone}
          />
          {d.reasonText && d.status !== 'queued' && (
            <Text size="xs" c="dimmed">
              {String(d.reasonText)}
            </Text>
          )}
        </Group>
      );
    case 'notice':
      return (
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {t(`visit-detail.stage.${d.stage}`, { defaultValue: String(d.stage) })} ·{' '}
          {t(`complaints.channels.${d.channel}`, { defaultValue: String(d.channel) })} · {String(d.result)}
        </Text>
      );
    default:
      return (
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {Object.entries(d)
            .filter(([, v]) => v !== null && v !== '')
            .map(([k, v]) => `${t(`visit-detail.field.${k}`, { defaultValue: k })}: ${v}`)
            .join(' · ')}
        </Text>
      );
  }
}
