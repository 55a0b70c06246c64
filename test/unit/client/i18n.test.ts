import { JURISDICTIONS, OUTCOME_CODES, ROLES, VISIT_STATUSES, VISIT_TYPES } from '@shared/domain/constants';
import { describe, expect, it } from 'vitest';
import enAll from '../../../client/src/i18n/bundles/en';
import zhAll from '../../../client/src/i18n/bundles/zh-CN';
import en from '../../../client/src/i18n/en.json';
import zhCN from '../../../client/src/i18n/zh-CN.json';

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}

describe('translations', () => {
  it('has the same keys in English and Chinese, feature files included', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
    expect(keys(zhAll).sort()).toEqual(keys(enAll).sort());
  });

  it('translates every status, visit type, outcome code, role and jurisdiction in both languages', () => {
    for (const dict of [en, zhCN]) {
      for (const r of ROLES) expect(dict.roles[r], r).toBeTruthy();
      for (const j of JURISDICTIONS) expect(dict.jurisdiction[j], j).toBeTruthy();
    }
    // The codes' words come from shared/domain/labels.ts, merged into the client's translations.
    for (const bundle of [enAll, zhAll]) {
      const dict = bundle as Record<string, Record<string, string>>;
      for (const s of VISIT_STATUSES) expect(dict.status?.[s], s).toBeTruthy();
      for (const v of VISIT_TYPES) expect(dict.visitType?.[v], v).toBeTruthy();
      for (const o of OUTCOME_CODES) expect(dict.outcome?.[o], o).toBeTruthy();
    }
  });
});
