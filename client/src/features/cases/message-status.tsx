import { Badge, Tooltip } from '@mantine/core';
import type { MessageStatus } from '@shared/domain/messages';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatTime } from '../../lib/format';

const COLOR: Record<MessageStatus, string> = {
  held: 'yellow',
  queued: 'blue',
  sent: 'cyan',
  delivered: 'green',
  failed: 'red',
  unsent: 'gray',
};

/** What a screen knows of a message's state: its status, why (an error code and its words), when it may leave. */
export interface MessageState {
  status: string;
  statusReason: string | null;
  reasonText: string | null;
  notBefore: string;
}

/**
 * A message's status as one badge: "held until 08:00" (the borrower's allowed hours, in the team's zone),
 * "queued — no gateway configured", "failed: <why>", "not sent: <why>" …
 */
export function MessageStatusBadge({ m, timeZone }: { m: MessageState; timeZone: string }) {
  const { t } = useTranslation();
  const status = m.status as MessageStatus;
  const label =
    status === 'held'
      ? t('messages.status.heldUntil', { time: formatTime(m.notBefore, timeZone, currentLanguage()) })
      : status === 'queued' && m.statusReason === 'NO_GATEWAY'
        ? t('messages.status.noGateway')
        : t(`messages.status.${status}`, { defaultValue: status });
  const badge = (
    <Badge
      size="sm"
      variant="light"
      color={COLOR[status] ?? 'gray'}
      miw="max-content"
      data-testid="message-status"
      data-status={status}
    >
      {label}
    </Badge>
  );
  return m.reasonText && status !== 'queued' ? (
    <Tooltip label={m.reasonText} multiline w={280}>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}
