import { Alert, Group, NumberInput, Select, SimpleGrid, Switch, TagsInput, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { JURISDICTION_PRESETS, JURISDICTIONS, type Jurisdiction } from '@shared/domain/constants';
import { DEFAULT_POLICY } from '@shared/domain/policy-defaults';
import type { PolicyFields as PolicyInput } from '@shared/schemas/teams';
import { useTranslation } from 'react-i18next';

/** The policy as a form holds it (times as HH:MM): the input of a version without its date. */
export type PolicyValues = Omit<PolicyInput, 'effectiveFrom'>;

/** A policy's values for a form: from a stored version, or the defaults. */
export function policyValues(p?: Partial<PolicyValues> | null): PolicyValues {
  const base = { ...DEFAULT_POLICY, crewRequiredSkills: [], crewRequiredLanguages: [], ...(p ?? {}) };
  return {
    jurisdiction: base.jurisdiction,
    allowedStart: base.allowedStart.slice(0, 5),
    allowedEnd: base.allowedEnd.slice(0, 5),
    frequencyCap: base.frequencyCap,
    minNoticeMinutes: base.minNoticeMinutes,
    twoPersonRule: base.twoPersonRule,
    slotMinutes: base.slotMinutes,
    visitsPerCrewSlot: base.visitsPerCrewSlot,
    negotiationMinutes: base.negotiationMinutes,
    verificationMinutes: base.verificationMinutes,
    crewRequiredSkills: [...base.crewRequiredSkills],
    crewRequiredLanguages: [...base.crewRequiredLanguages],
    contactCapPerDay: base.contactCapPerDay,
    messagesShowAmount: base.messagesShowAmount,
  };
}

type WithPolicy = { policy: PolicyValues };

/**
 * The policy's inputs, under `policy.` of the form. Choosing a preset fills the allowed hours from
 * JURISDICTION_PRESETS; changing an hour afterwards makes it custom (the server decides the same way).
 */
export function PolicyFields<V extends WithPolicy>({ form }: { form: UseFormReturnType<V> }) {
  const { t } = useTranslation();
  const f = form as unknown as UseFormReturnType<WithPolicy>;
  const onPreset = (value: string | null) => {
    const j = (value ?? 'custom') as Jurisdiction;
    f.setFieldValue('policy.jurisdiction', j);
    if (j !== 'custom') {
      f.setFieldValue('policy.allowedStart', JURISDICTION_PRESETS[j].start);
      f.setFieldValue('policy.allowedEnd', JURISDICTION_PRESETS[j].end);
    }
  };
  const hour = (name: 'allowedStart' | 'allowedEnd') => {
    const props = f.getInputProps(`policy.${name}`);
    return {
      ...props,
      onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
        props.onChange(e);
        f.setFieldValue('policy.jurisdiction', 'custom');
      },
    };
  };
  const num = (name: keyof PolicyValues, testId: string) => ({
    ...f.getInputProps(`policy.${name}`),
    'data-testid': testId,
    allowDecimal: false,
    hideControls: true,
  });
  return (
    <>
      <Select
        label={t('orgSetup.policy.jurisdiction')}
        data-testid="policy-jurisdiction"
        allowDeselect={false}
        data={JURISDICTIONS.map((j) => ({ value: j, label: t(`jurisdiction.${j}`) }))}
        {...f.getInputProps('policy.jurisdiction')}
        onChange={onPreset}
      />
      <Group grow align="flex-start">
        <TextInput
          label={t('orgSetup.policy.allowedStart')}
          placeholder="08:00"
          data-testid="policy-allowed-start"
          {...hour('allowedStart')}
        />
        <TextInput
          label={t('orgSetup.policy.allowedEnd')}
          placeholder="22:00"
          data-testid="policy-allowed-end"
          {...hour('allowedEnd')}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <NumberInput label={t('orgSetup.policy.frequencyCap')} {...num('frequencyCap', 'policy-cap')} />
        <NumberInput label={t('orgSetup.policy.minNotice')} {...num('minNoticeMinutes', 'policy-notice')} />
        <NumberInput label={t('orgSetup.policy.slotMinutes')} {...num('slotMinutes', 'policy-slot')} />
        <NumberInput label={t('orgSetup.policy.visitsPerCrewSlot')} {...num('visitsPerCrewSlot', 'policy-per-slot')} />
        <NumberInput label={t('orgSetup.policy.negotiationMinutes')} {...num('negotiationMinutes', 'policy-neg')} />
        <NumberInput label={t('orgSetup.policy.verificationMinutes')} {...num('verificationMinutes', 'policy-ver')} />
      </SimpleGrid>
      <Switch
        label={t('orgSetup.policy.twoPersonRule')}
        data-testid="policy-two-person"
        {...f.getInputProps('policy.twoPersonRule', { type: 'checkbox' })}
      />
      <TagsInput
        label={t('orgSetup.policy.crewSkills')}
        description={t('orgSetup.policy.crewMixHint')}
        data-testid="policy-skills"
        {...f.getInputProps('policy.crewRequiredSkills')}
      />
      <TagsInput
        label={t('orgSetup.policy.crewLanguages')}
        data-testid="policy-languages"
        {...f.getInputProps('policy.crewRequiredLanguages')}
      />
      <NumberInput
        label={t('messages.policy.contactCap')}
        description={t('messages.policy.contactCapHint')}
        {...num('contactCapPerDay', 'policy-contact-cap')}
      />
      <Switch
        label={t('messages.policy.showAmount')}
        data-testid="policy-show-amount"
        {...f.getInputProps('policy.messagesShowAmount', { type: 'checkbox' })}
      />
      {f.values.policy.messagesShowAmount && (
        <Alert color="orange" variant="light" data-testid="policy-show-amount-warning">
          {t('messages.policy.showAmountWarning')}
        </Alert>
      )}
    </>
  );
}
