import { Anchor, Badge, Button, Code, Group, Image, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from './timeline-types';

const INTEGRITY_COLOR: Record<string, string> = { verified: 'green', altered: 'red', missing: 'gray' };

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * One evidence file on a visit's timeline: what it is, its hash with the server's verdict on the stored bytes,
 * and (for the visit's reviewers) the photo shown on demand and a download. Each showing and each download is
 * audited by the server, so the photo loads only when asked for.
 */
export function EvidenceItem({ e }: { e: TimelineEvent }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const d = e.details;
  const id = String(d.attachmentId);
  const integrity = String(d.integrity);
  const available = !d.deleted && integrity !== 'missing';
  return (
    <Stack gap={4} data-testid="evidence-item" data-kind={String(d.kind)}>
      <Group gap={6}>
        <Badge size="sm" variant="light" color="cyan" tt="none">
          {t(`visit-detail.evidence.kind.${d.kind}`, { defaultValue: String(d.kind) })}
        </Badge>
        <Text size="xs" c="dimmed">
          {String(d.mimeType)} · {kb(Number(d.sizeBytes))}
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap">
        <Code fz={10} title={String(d.sha256)}>
          sha256 {String(d.sha256).slice(0, 16)}…
        </Code>
        <Badge
          size="sm"
          variant="light"
          tt="none"
          color={INTEGRITY_COLOR[integrity] ?? 'gray'}
          data-testid="evidence-integrity"
          data-integrity={integrity}
        >
          {t(`visit-detail.evidence.integrity.${integrity}`)}
        </Badge>
      </Group>
      {available && (
        <Group gap={6}>
          {d.viewable && (
            <Button size="compact-xs" variant="light" onClick={() => setShown((s) => !s)} data-testid="evidence-show">
              {shown ? t('visit-detail.evidence.hide') : t('visit-detail.evidence.show')}
            </Button>
          )}
          <Anchor href={`/evidence/${id}?download=1`} download size="xs" data-testid="evidence-download">
            {t('visit-detail.evidence.download')}
          </Anchor>
        </Group>
      )}
      {shown && (
        <Image
          src={`/evidence/${id}`}
          alt={t('visit-detail.evidence.kind.photo')}
          mah={260}
          w="auto"
          fit="contain"
          radius="sm"
          data-testid="evidence-photo"
        />
      )}
    </Stack>
  );
}
