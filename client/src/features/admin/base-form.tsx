import { Alert, Button, Group, NumberInput, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';

export interface BaseValues {
  name: string;
  address: string;
  lat: number | string;
  lng: number | string;
}

/** A base's name, address and coordinates (typed, or filled by a click on the map beside it). */
export function BaseForm({
  form,
  message,
  pending,
  editing,
  onCancel,
}: {
  form: UseFormReturnType<BaseValues>;
  message: string | null;
  pending: boolean;
  editing: boolean;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const coord = (name: 'lat' | 'lng') => ({
    ...form.getInputProps(name),
    decimalScale: 6,
    hideControls: true,
    'data-testid': `base-${name}`,
  });
  return (
    <Stack gap="sm">
      {message && (
        <Alert color="red" data-testid="base-form-error">
          {message}
        </Alert>
      )}
      <TextInput label={t('orgSetup.bases.name')} data-testid="base-name" {...form.getInputProps('name')} />
      <TextInput label={t('orgSetup.bases.address')} data-testid="base-address" {...form.getInputProps('address')} />
      <Group grow align="flex-start">
        <NumberInput label={t('orgSetup.bases.lat')} {...coord('lat')} />
        <NumberInput label={t('orgSetup.bases.lng')} {...coord('lng')} />
      </Group>
      <Group>
        <Button type="submit" loading={pending} data-testid="base-submit">
          {editing ? t('orgSetup.bases.save') : t('orgSetup.bases.create')}
        </Button>
        {editing && (
          <Button variant="subtle" onClick={onCancel}>
            {t('orgSetup.bases.cancel')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
