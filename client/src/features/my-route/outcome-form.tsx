import {
  Alert,
  Button,
  Chip,
  FileButton,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { OUTCOME_CODES, type OutcomeCode } from '@shared/domain/constants';
import { ATTITUDES, MAX_ATTACHMENT_BYTES, NEXT_ACTIONS } from '@shared/schemas/field';
import { addDays } from '@shared/time';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CorrectionSection, useRecordedOutcome } from './correction-section';
import { Section } from './form-section';
import { KeptFiles } from './kept-files';
import {
  blankDraft,
  draftFrom,
  type EvidenceKind,
  kindOfFile,
  type OutcomeDraft,
  useSubmitOutcome,
} from './outcome-submit';
import { PlanBuilder, type PlanRow } from './plan-builder';
import { type FieldStop, isCorrection } from './route-state';
import { newClientId } from './sync-store';

const PROMISE_CODES: readonly OutcomeCode[] = ['promise_to_pay', 'repayment_plan_agreed', 'partial_payment'];

/** One screen, grouped, mostly taps: what happened at the visit. Saved through the offline queue. */
export function OutcomeForm({
  stop,
  today,
  onDone,
  onShowBadge,
}: {
  stop: FieldStop;
  today: string;
  onDone: () => void;
  onShowBadge: () => void;
}) {
  const { t } = useTranslation();
  const correcting = isCorrection(stop);
  const recorded = useRecordedOutcome(stop.id, correcting);
  const [d, setD] = useState<OutcomeDraft>(() =>
    recorded ? draftFrom(recorded, blankDraft(today)) : blankDraft(today),
  );
  // A correction starts from the recorded answers once they arrive, unless the agent has already chosen a result.
  useEffect(() => {
    if (recorded) setD((prev) => (prev.code ? prev : draftFrom(recorded, prev)));
  }, [recorded]);
  const submit = useSubmitOutcome(stop, onDone);
  const set = (patch: Partial<OutcomeDraft>) => {
    setD((prev) => ({ ...prev, ...patch }));
    submit.clearErrors(Object.keys(patch));
  };
  const err = submit.errors;
  const promise = d.code !== null && PROMISE_CODES.includes(d.code);
  const addFile = (wanted: EvidenceKind) => (file: File | null) => {
    if (file) set({ files: [...d.files, { id: newClientId(), kind: kindOfFile(file, wanted), file }] });
  };
  const tooBig = d.files.some((f) => f.file.size > MAX_ATTACHMENT_BYTES);

  return (
    <Stack gap="md" data-testid="outcome-form">
      <Group justify="space-between">
        <Button variant="subtle" size="md" onClick={onDone}>
          ← {t('field.back')}
        </Button>
        <Text fw={600}>{stop.borrowerFirstName}</Text>
      </Group>
      <Title order={3}>{t(correcting ? 'field.outcome.correctTitle' : 'field.outcome.title')}</Title>
      {submit.message && (
        <Alert color={submit.queued ? 'yellow' : 'red'} data-testid="outcome-message">
          {submit.message}
        </Alert>
      )}
      {correcting && (
        <CorrectionSection
          outcomeCode={stop.outcomeCode ?? ''}
          value={d.correctionReason}
          error={err.correctionReason}
          onChange={(correctionReason) => set({ correctionReason })}
        />
      )}

      <Section title={t('field.outcome.sections.conduct')}>
        <Switch
          size="lg"
          label={t('field.outcome.idShown')}
          checked={d.idShown}
          onChange={(e) => set({ idShown: e.currentTarget.checked })}
          error={err.idShown}
          data-testid="outcome-id-shown"
        />
        {!d.idShown && (
          <Button variant="light" size="sm" onClick={onShowBadge}>
            {t('field.outcome.openBadge')}
          </Button>
        )}
        <Switch
          size="lg"
          label={t('field.outcome.recordingMade')}
          checked={d.recordingMade}
          onChange={(e) => set({ recordingMade: e.currentTarget.checked })}
        />
        {d.recordingMade && (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              size="md"
              style={{ flex: 1 }}
              label={t('field.outcome.recordingRef')}
              value={d.recordingRef}
              onChange={(e) => set({ recordingRef: e.currentTarget.value })}
              error={err.recordingRef}
              data-testid="outcome-recording-ref"
            />
            <FileButton onChange={addFile('audio')} accept="audio/*">
              {(props) => (
                <Button size="md" variant="default" {...props}>
                  {t('field.outcome.attachAudio')}
                </Button>
              )}
            </FileButton>
          </Group>
        )}
        <Switch
          size="lg"
          label={t('field.outcome.identityVerified')}
          checked={d.identityVerified}
          onChange={(e) => set({ identityVerified: e.currentTarget.checked })}
        />
        <Switch
          size="lg"
          label={t('field.outcome.borrowerPresent')}
          checked={d.borrowerPresent}
          onChange={(e) => set({ borrowerPresent: e.currentTarget.checked })}
        />
      </Section>

      <Section title={t('field.outcome.sections.result')}>
        <Chip.Group value={d.code ?? ''} onChange={(v) => set({ code: (v as OutcomeCode) || null })}>
          <Group gap={8}>
            {OUTCOME_CODES.map((c) => (
              <Chip key={c} value={c} size="md" wrapperProps={{ 'data-testid': `outcome-code-${c}` }}>
                {t(`outcome.${c}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {err.code && (
          <Text c="red" size="sm">
            {err.code}
          </Text>
        )}
        <Text size="sm" fw={500}>
          {t('field.outcome.attitude')}
        </Text>
        <Chip.Group
          value={d.attitude ?? ''}
          onChange={(v) => set({ attitude: (v as OutcomeDraft['attitude']) || null })}
        >
          <Group gap={8}>
            {ATTITUDES.map((a) => (
              <Chip key={a} value={a} size="md" color="gray">
                {t(`field.outcome.attitudes.${a}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <Textarea
          size="md"
          label={t('field.outcome.notes')}
          autosize
          minRows={2}
          value={d.notes}
          onChange={(e) => set({ notes: e.currentTarget.value })}
          data-testid="outcome-notes"
        />
      </Section>

      {promise && (
        <Section title={t('field.outcome.sections.promise')}>
          <NumberInput
            size="lg"
            label={t('field.outcome.amount')}
            prefix="¥ "
            min={0}
            decimalScale={2}
            value={d.amount}
            onChange={(v) => set({ amount: v === '' ? '' : Number(v) })}
            error={err.promisedAmountCents}
            data-testid="outcome-amount"
          />
          <Switch
            size="lg"
            label={t('field.outcome.usePlan')}
            checked={d.usePlan}
            onChange={(e) => set({ usePlan: e.currentTarget.checked })}
            data-testid="outcome-use-plan"
          />
          {d.usePlan ? (
            <PlanBuilder
              rows={d.rows}
              onChange={(rows: PlanRow[]) => set({ rows })}
              channel={d.channel}
              onChannel={(channel) => set({ channel })}
              totalYuan={d.amount}
              firstDue={addDays(today, 7)}
              error={err.plan}
            />
          ) : (
            <TextInput
              type="date"
              size="lg"
              label={t('field.outcome.promisedDate')}
              value={d.promisedDate}
              onChange={(e) => set({ promisedDate: e.currentTarget.value })}
              error={err.promisedDate}
            />
          )}
        </Section>
      )}

      <Section title={t('field.outcome.sections.evidence')}>
        {/* SPEC §1.4: the living and asset situation is observed on a verification visit, and may be on any. */}
        <Textarea
          size="md"
          label={t('field.outcome.assets')}
          description={stop.visitType === 'verification' ? t('field.outcome.assetsHint') : undefined}
          autosize
          minRows={2}
          value={d.assetsObserved}
          onChange={(e) => set({ assetsObserved: e.currentTarget.value })}
          data-testid="outcome-assets"
        />
        <Switch
          size="lg"
          label={t('field.outcome.signed')}
          checked={d.signedCommitment}
          onChange={(e) => set({ signedCommitment: e.currentTarget.checked })}
          error={err.signedCommitment}
          data-testid="outcome-signed"
        />
        <Group gap="xs">
          <FileButton
            onChange={addFile(d.signedCommitment ? 'document' : 'photo')}
            accept="image/*"
            capture="environment"
          >
            {(props) => (
              <Button size="md" variant="default" {...props} data-testid="outcome-photo">
                {d.signedCommitment ? t('field.outcome.photoDocument') : t('field.outcome.photo')}
              </Button>
            )}
          </FileButton>
        </Group>
        <KeptFiles files={d.kept} removed={d.removed} onChange={(removed) => set({ removed })} />
        {d.files.map((f) => (
          <Text key={f.id} size="sm" c={f.file.size > MAX_ATTACHMENT_BYTES ? 'red' : undefined}>
            📎 {t(`field.outcome.kinds.${f.kind}`)} · {f.file.name} · {(f.file.size / 1e6).toFixed(1)} MB
          </Text>
        ))}
        {tooBig && (
          <Text size="sm" c="red">
            {t('field.outcome.tooBig')}
          </Text>
        )}
      </Section>

      <Section title={t('field.outcome.sections.next')}>
        <Select
          size="md"
          data={NEXT_ACTIONS.map((a) => ({ value: a, label: t(`field.outcome.nextActions.${a}`) }))}
          value={d.nextAction}
          onChange={(v) => set({ nextAction: (v as OutcomeDraft['nextAction']) ?? 'none' })}
          allowDeselect={false}
        />
      </Section>

      <Button
        size="xl"
        loading={submit.pending}
        disabled={tooBig}
        onClick={() => submit.run(d, today)}
        data-testid="outcome-submit"
      >
        {t('field.outcome.submit')}
      </Button>
    </Stack>
  );
}
