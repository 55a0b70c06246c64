import { Select } from '@mantine/core';
import { VISIT_TYPES } from '@shared/domain/constants';
import { useTranslation } from 'react-i18next';
import type { CaseFileDto } from './case-file';

export type VisitType = (typeof VISIT_TYPES)[number];

/** Where and what kind of visit: one of the borrower's own addresses and the visit type. */
export function VisitFields({
  addresses,
  addressId,
  onAddress,
  visitType,
  onVisitType,
}: {
  addresses: CaseFileDto['addresses'];
  addressId: string | null;
  onAddress: (id: string | null) => void;
  visitType: VisitType;
  onVisitType: (v: VisitType) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        label={t('cases.address')}
        data={addresses.map((a) => ({
          value: a.id,
          label: `${a.text} (${a.district})${a.located ? '' : ` · ${t('locations.badge')}`}`,
        }))}
        value={addressId}
        onChange={onAddress}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label={t('cases.visitTypeLabel')}
        data={VISIT_TYPES.map((v) => ({ value: v, label: t(`cases.visitType.${v}`) }))}
        value={visitType}
        onChange={(v) => v && onVisitType(v as VisitType)}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
    </>
  );
}
