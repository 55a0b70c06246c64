import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../i18n';
import { formatCalendarDate, formatDateTime } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';

type FollowUp = RouterOutputs['payments']['followUps']['rows'][number];

const PAGE = 50;

/**
 * The open follow-ups of the team(s) a page at a time, shared by the count and the list: the first page comes
 * with the total, "show more" fetches the next. Waits for the teams (none yet: nothing to ask for).
 */
export function useFollowUps(teamIds: readonly string[]) {
  const trpc = useTRPC();
  // One team, or every team the user sees (the server scopes "all" to them).
  const query = useInfiniteQuery(
    trpc.payments.followUps.infiniteQueryOptions(
      { teamId: teamIds.length === 1 ? teamIds[0] : undefined, limit: PAGE },
      { enabled: teamIds.length > 0, getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const pages = query.data?.pages ?? [];
  return {
    rows: pages.flatMap((p) => p.rows),
    total: pages[0]?.total ?? 0,
    more: query.hasNextPage ? () => void query.fetchNextPage() : null,
    loadingMore: query.isFetchingNextPage,
  };
}

/**
 * Cases waiting for a visit or a call to be arranged: borrowers who asked for a call from their slot link (with
 * what they wrote) and promises broken. Each opens its case file, where agreeing a slot takes it off the list.
 */
export function FollowUpQueue({
  queue: { rows, total, more, loadingMore },
  timeZone,
}: {
  queue: ReturnType<typeof useFollowUps>;
  timeZone: string;
}) {
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
      <Group gap="sm" p={6}>
        <Text size="xs" c="dimmed" data-testid="follow-up-shown">
          {t('worklist.followUps.shown', { shown: rows.length, total })}
        </Text>
        {more && (
          <Button size="xs" variant="light" loading={loadingMore} onClick={more} data-testid="follow-up-more">
            {t('worklist.followUps.more', { count: Math.min(PAGE, total - rows.length) })}
          </Button>
        )}
      </Group>
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
