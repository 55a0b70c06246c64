import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { templateCsv } from '../../../../scripts/make-import-template';
import { parseSheet } from '../../../../server/modules/intake/intake.parse';
import { CASE_IMPORT_COLUMNS } from '../../../../shared/domain/intake';
import { guessMapping } from '../../../../shared/domain/intake-guess';
import { mobilePhone } from '../../../../shared/schemas/blocks';
import { cnIdProblem } from '../../../../shared/validation/cn-id';

const doc = (ext: string) => readFileSync(new URL(`../../../../docs/import/cases-template.${ext}`, import.meta.url));

describe('the case import template', () => {
  it('the CSV is what the script writes: the template columns and valid Shanghai examples', async () => {
    expect(doc('csv').toString('utf8')).toBe(templateCsv());
    const sheet = await parseSheet({ bytes: doc('csv'), fileName: 'cases-template.csv', contentType: 'text/csv' });
    expect(sheet.header).toEqual([...CASE_IMPORT_COLUMNS]);
    expect(guessMapping(sheet.header)).toEqual(Object.fromEntries(CASE_IMPORT_COLUMNS.map((c) => [c, c])));
    expect(sheet.rows).toHaveLength(3);
    const at = (c: (typeof CASE_IMPORT_COLUMNS)[number]) => CASE_IMPORT_COLUMNS.indexOf(c);
    for (const row of sheet.rows) {
      expect(row).toHaveLength(CASE_IMPORT_COLUMNS.length);
      expect(cnIdProblem(row[at('id_number')] as string)).toBeNull();
      expect(mobilePhone.safeParse(row[at('phone')]).success).toBe(true);
      expect(row[at('city')]).toBe('上海');
    }
  });

  it('the XLSX holds the same cells, ID numbers and phones as text', async () => {
    const csv = await parseSheet({ bytes: doc('csv'), fileName: 'cases-template.csv', contentType: 'text/csv' });
    const xlsx = await parseSheet({ bytes: doc('xlsx'), fileName: 'cases-template.xlsx', contentType: '' });
    expect(xlsx.format).toBe('xlsx');
    expect(xlsx.header).toEqual(csv.header);
    expect(xlsx.rows).toEqual(csv.rows);
  });
});
