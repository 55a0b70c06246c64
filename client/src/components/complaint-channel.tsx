import { Anchor, Group, Stack } from '@mantine/core';

/** Where a borrower complains, as the team configured it: a phone number, a web address, or both. */
export interface Complaint {
  phone: string | null;
  url: string | null;
}

/**
 * The team's complaint channel on the borrower's pages: the phone to tap and call, the web page to open.
 * `inline` puts both on one line inside a sentence.
 */
export function ComplaintChannel({ complaint, inline = false }: { complaint: Complaint; inline?: boolean }) {
  const phone = complaint.phone && (
    <Anchor
      href={`tel:${complaint.phone.replace(/[^\d+]/g, '')}`}
      fw={700}
      size={inline ? 'sm' : 'lg'}
      data-testid="complaint-phone"
    >
      ☎ {complaint.phone}
    </Anchor>
  );
  const url = complaint.url && (
    <Anchor href={complaint.url} target="_blank" rel="noopener" size="sm" data-testid="complaint-url">
      {inline ? complaint.url.replace(/^https?:\/\//, '') : complaint.url}
    </Anchor>
  );
  return inline ? (
    <Group component="span" gap={6} display="inline-flex" wrap="wrap">
      {phone}
      {phone && url && '·'}
      {url}
    </Group>
  ) : (
    <Stack gap={2}>
      {phone}
      {url}
    </Stack>
  );
}
