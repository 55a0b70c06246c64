import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { BORROWER_LANGUAGES } from '@shared/schemas/cases';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../lib/trpc';
import { useFormErrors } from '../../lib/use-form-errors';
import { PickPointLayer } from '../../map/layers/pick-point-layer';
import { MapView } from '../../map/map-view';
import { createCaseForm, type NewCaseValues } from './new-case-inputs';

/** Where the map opens (central Shanghai) until the address is placed. */
const DEFAULT_CENTER: [number, number] = [31.2304, 121.4737];

const startValues = (teamId: string | null): NewCaseValues => ({
  key: crypto.randomUUID(),
  teamId,
  loanRef: '',
  product: '',
  overdueYuan: '',
  daysPastDue: '',
  borrowerName: '',
  idNumber: '',
  phone: '',
  preferredLanguage: 'zh-CN',
  address: '',
  city: '',
  district: '',
  lat: '',
  lng: '',
});

/**
 * A case entered by hand: the loan, the borrower (someone already known by that ID number is reused as recorded)
 * and the address placed on the map (a click fills the coordinates; they can be typed). Checked with the
 * procedure's schema before sending; the server's refusals land under their fields. One key per opened form.
 */
export function NewCaseForm({
  teams,
  teamId,
  onDone,
}: {
  teams: Array<{ id: string; name: string }>;
  teamId: string | null;
  onDone: (caseId: string) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const config = useQuery(trpc.config.public.queryOptions());
  const form = useForm<NewCaseValues>({ initialValues: startValues(teamId ?? teams[0]?.id ?? null) });
  const errors = useFormErrors();
  const create = useMutation(
    trpc.cases.create.mutationOptions({
      onSuccess: (out, input) => {
        notifications.show({ color: 'teal', message: t('newCase.created', { loanRef: input.loanRef }) });
        void qc.invalidateQueries({ queryKey: trpc.appointments.pathKey() });
        onDone(out.id);
      },
      onError: errors.apply,
    }),
  );
  const e = errors.errors;
  const field = (name: keyof NewCaseValues, error?: string) => ({
    ...form.getInputProps(name),
    label: t(`newCase.${name}`),
    'data-testid': `new-case-${name}`,
    error,
  });
  const lat = form.values.lat;
  const lng = form.values.lng;
  const picked = typeof lat === 'number' && typeof lng === 'number' ? { lat, lng } : null;

  return (
    <form
      data-testid="new-case-form"
      onSubmit={form.onSubmit((values) => {
        if (create.isPending) return;
        const input = errors.check(createCaseForm, values);
        if (input) create.mutate(input);
      })}
    >
      <Stack gap="sm">
        {errors.message && (
          <Alert color="red" data-testid="new-case-error">
            {errors.message}
          </Alert>
        )}
        {(teams.length > 1 || !form.values.teamId) && (
          <Select
            {...field('teamId', e.teamId)}
            allowDeselect={false}
            data={teams.map((x) => ({ value: x.id, label: x.name }))}
          />
        )}
        <Text fw={600} size="sm">
          {t('newCase.loan')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput {...field('loanRef', e.loanRef)} />
          <TextInput {...field('product', e.product)} placeholder={t('newCase.productHint')} />
          <NumberInput
            {...field('overdueYuan', e.overdueAmountCents)}
            decimalScale={2}
            min={0}
            hideControls
            prefix="¥"
            thousandSeparator=","
          />
          <NumberInput {...field('daysPastDue', e.daysPastDue)} min={0} allowDecimal={false} hideControls />
        </SimpleGrid>
        <Text fw={600} size="sm">
          {t('newCase.borrower')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput {...field('borrowerName', e.borrowerName)} />
          <TextInput
            {...field('idNumber', e.idNumber)}
            description={t('newCase.idNumberHint')}
            maxLength={18}
            autoComplete="off"
          />
          <TextInput {...field('phone', e.phone)} inputMode="tel" maxLength={11} />
          <Select
            {...field('preferredLanguage', e.preferredLanguage)}
            allowDeselect={false}
            data={BORROWER_LANGUAGES.map((l) => ({ value: l, label: t(`newCase.language.${l}`) }))}
          />
        </SimpleGrid>
        <Text fw={600} size="sm">
          {t('newCase.place')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput {...field('city', e.city)} />
          <TextInput {...field('district', e.district)} />
        </SimpleGrid>
        <TextInput {...field('address', e.address)} />
        <Group grow align="flex-start">
          <NumberInput {...field('lat', e.lat)} decimalScale={6} hideControls />
          <NumberInput {...field('lng', e.lng)} decimalScale={6} hideControls />
        </Group>
        <Text size="xs" c="dimmed">
          {t('newCase.mapHint')}
        </Text>
        {config.data && (
          <MapView
            tileUrl={config.data.tileUrl}
            center={picked ? [picked.lat, picked.lng] : DEFAULT_CENTER}
            zoom={12}
            height={260}
          >
            <PickPointLayer
              points={[]}
              picked={picked}
              onPick={(p) => {
                form.setFieldValue('lat', Math.round(p.lat * 1e6) / 1e6);
                form.setFieldValue('lng', Math.round(p.lng * 1e6) / 1e6);
              }}
            />
          </MapView>
        )}
        <Group>
          <Button type="submit" loading={create.isPending} data-testid="new-case-submit">
            {t('newCase.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
