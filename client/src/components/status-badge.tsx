import { Badge, type MantineSize } from '@mantine/core';
import type { OutcomeCode, VisitStatus } from '@shared/domain/constants';
import { useTranslation } from 'react-i18next';

const STATUS_COLOR: Record<VisitStatus, string> = {
  unassigned: 'gray',
  assigned: 'blue',
  en_route: 'violet',
  on_site: 'orange',
  completed: 'green',
  missed: 'red',
  cancelled: 'dark',
};

const OUTCOME_COLOR: Record<OutcomeCode, string> = {
  paid_in_full: 'green',
  partial_payment: 'teal',
  promise_to_pay: 'blue',
  repayment_plan_agreed: 'cyan',
  hardship_referral: 'grape',
  dispute: 'orange',
  refused: 'red',
  borrower_absent: 'gray',
  wrong_address: 'yellow',
  moved: 'yellow',
  complaint_raised: 'pink',
};

/** A visit status as a coloured, translated badge. */
export function StatusBadge({ status, size = 'sm' }: { status: string; size?: MantineSize }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLOR[status as VisitStatus] ?? 'gray'}
      variant="light"
      size={size}
      miw="max-content"
      data-testid="status-badge"
    >
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** An outcome code as a coloured, translated badge. */
export function OutcomeBadge({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={OUTCOME_COLOR[code as OutcomeCode] ?? 'gray'} variant="light" size="sm" miw="max-content">
      {t(`outcome.${code}`, { defaultValue: code })}
    </Badge>
  );
}
