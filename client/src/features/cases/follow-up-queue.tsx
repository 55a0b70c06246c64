import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatDateTime } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';

type FollowUp = RouterOutputs['payments']['followUps'][number];

/** The open follow-ups of the team(s), shared by the query of the count and of the list. */
export function useFollowUps(teamIds: readonly string[]) {
  const trpc = useTRPC();
  // One team, or every team the user sees (the server scopes "all" to them).
  return useQuery(trpc.payments.followUps.queryOptions({ teamId: teamIds.length === 1 ? teamIds[0] : undefined }));
}

/**
 * Cases waiting for a visit or a call to be arranged: borrowers who asked for a call from their slot link (with
 * what they wrote) and promises broken. Each opens its case file, where agreeing a slot takes it off the list.
 */
export function FollowUpQueue({ rows, timeZone }: { rows: readonly FollowUp[]; timeZone: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  if (rows.length === 0) {
    return (
      <Text c="dimmed" size="sm" p="sm" data-testid="follow-up-empty">
        {t('worklist.followUps.none')}
      </Text>
    );
  }
  return (
    <Stack gap={6} data-testid="follow-up-queue">
      {rows.map((f) =>
        f.kind === 'message_failed' ? (
          <FailedMessageRow key={f.id} row={f} timeZone={timeZone} />
        ) : (
          <Group key={f.id} justify="space-between" wrap="nowrap" p={6} data-testid="follow-up-row" align="flex-start">
            <div>
              <Group gap={6}>
                <Badge size="sm" variant="light" color={f.kind === 'callback' ? 'orange' : 'red'} miw="max-content">
                  {t(`worklist.followUps.kind.${f.kind}`)}
                </Badge>
                <Text size="sm" fw={500}>
                  {f.loanRef} · {f.borrowerName}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('worklist.followUps.dpd', { count: f.daysPastDue })}
                </Text>
              </Group>
              <Text size="xs" c="dimmed">
                {f.kind === 'callback'
                  ? t('worklist.followUps.asked', { at: formatDateTime(f.createdAt, timeZone, locale) })
                  : t('worklist.followUps.broken', {
                      date: f.promiseDue ? formatCalendarDate(f.promiseDue, locale) : '—',
                    })}
                {' · '}
                {t('worklist.followUps.for', { date: formatCalendarDate(f.proposedFor, locale) })}
              </Text>
              {f.note && (
                <Text size="sm" data-testid="follow-up-note">
                  “{f.note}”
                </Text>
              )}
            </div>
            <OpenCase row={f} />
          </Group>
        ),
      )}
    </Stack>
  );
}

/** A borrower message that failed: someone has to reach the borrower another way; opens the case file. */
function FailedMessageRow({ row, timeZone }: { row: Extract<FollowUp, { kind: 'message_failed' }>; timeZone: string }) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      p={6}
      data-testid="follow-up-row"
      data-kind="message_failed"
      align="flex-start"
    >
      <div>
        <Group gap={6}>
          <Badge size="sm" variant="light" color="grape" miw="max-content">
            {t('messages.followUp.badge')}
          </Badge>
          <Text size="sm" fw={500}>
            {row.loanRef} · {row.borrowerName}
          </Text>
        </Group>
        <Text size="sm" data-testid="follow-up-message-failed">
          {t('messages.followUp.failed', {
            kind: t(`messages.kind.${row.messageKind}`),
            reason: row.reasonText ?? '—',
          })}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(row.failedAt, timeZone, locale)}
        </Text>
      </div>
      <OpenCase row={row} />
    </Group>
  );
}

/** Opens the row's case file, where the follow-up is dealt with. */
function OpenCase({ row }: { row: { teamId: string; caseId: string } }) {
  const { t } = useTranslation();
  return (
    <Anchor
      component={Link}
      to={`/cases?team=${row.teamId}&case=${row.caseId}`}
      size="sm"
      miw="max-content"
      data-testid="follow-up-open"
    >
      {t('worklist.followUps.open')}
    </Anchor>
  );
}
