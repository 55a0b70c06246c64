/**
 * The check of each row of a lender's file (pure: no database, no clock). Every cell is run through the same zod
 * block the hand-entered case form uses (shared/schemas/cases.ts), so a row error carries the code and the words
 * the form would show; only what a file writes differently from a form (yuan as text, a status, a blank that
 * means "leave as it is") has its own code.
 */
import type { ZodType } from 'zod';
import type { CaseImportColumn, ColumnMapping } from '../../../shared/domain/intake';
import { CASE_IMPORT_COLUMNS, CASE_IMPORT_STATUSES, REQUIRED_FOR_NEW } from '../../../shared/domain/intake';
import { type AppErrorCode, ERROR_DEFS } from '../../../shared/errors';
import { addressFields, BORROWER_LANGUAGES, borrowerFields, loanFields } from '../../../shared/schemas/cases';

/** A row problem as the run record keeps it: the reader's language is chosen when it is shown. */
export interface RowProblem {
  row: number;
  column: string;
  code: AppErrorCode;
  params?: Record<string, string | number>;
}

/** What a row says, parsed; a field left blank is absent (a new loan must give it, an existing one keeps its own). */
export interface RowValues {
  loanRef: string;
  borrowerName?: string;
  idNumber?: string;
  phone?: string;
  preferredLanguage?: (typeof BORROWER_LANGUAGES)[number];
  address?: string;
  city?: string;
  district?: string;
  lat?: number;
  lng?: number;
  product?: string;
  overdueAmountCents?: number;
  daysPastDue?: number;
  status?: (typeof CASE_IMPORT_STATUSES)[number];
}

/** One data row: its number (1 = first after the header), its cells as read, and its values or its problems. */
export interface CheckedRow {
  row: number;
  cells: string[];
  /** The row's loan reference when it is well formed, even if other cells are not (duplicates are found by it). */
  loanRef: string | null;
  values: RowValues | null;
  problems: RowProblem[];
}

const FIELD_OF = {
  borrower_name: 'borrowerName',
  id_number: 'idNumber',
  phone: 'phone',
  address: 'address',
  city: 'city',
  district: 'district',
  product: 'product',
  overdue_amount: 'overdueAmountCents',
  days_past_due: 'daysPastDue',
} as const satisfies Record<(typeof REQUIRED_FOR_NEW)[number], keyof RowValues>;

/** Where each template column is in the file (-1: not in it), by the header text the mapping names. */
export function columnIndex(header: string[], mapping: ColumnMapping): Record<CaseImportColumn, number> {
  const index = {} as Record<CaseImportColumn, number>;
  for (const column of CASE_IMPORT_COLUMNS) {
    const name = mapping[column];
    index[column] = name ? header.indexOf(name) : -1;
  }
  return index;
}

type Cell<T> = { value: T } | { problem: Omit<RowProblem, 'row' | 'column'> };

/** A zod block's first issue as a catalogue code with the numbers its message names. */
function runBlock<T>(schema: ZodType<T>, input: unknown): Cell<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { value: parsed.data };
  const issue = parsed.error.issues[0];
  const code = (issue && issue.message in ERROR_DEFS ? issue.message : 'VALUE_INVALID') as AppErrorCode;
  const params: Record<string, string | number> = {};
  for (const key of ['minimum', 'maximum', 'maxAmount'] as const) {
    const v =
      (issue as Record<string, unknown> | undefined)?.[key] ??
      (issue as { params?: Record<string, unknown> })?.params?.[key];
    if (typeof v === 'number' || typeof v === 'string') params[key] = v;
  }
  return { problem: { code, params } };
}

const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;
const WHOLE = /^\d{1,9}$/;
const DECIMAL = /^-?\d{1,3}(\.\d{1,15})?$/;

/** Yuan as written ("1234.5") in fen, exactly (no floating point): 0 is allowed, a file says what is owed. */
function amountCell(raw: string): Cell<number> {
  const s = raw.trim();
  if (!AMOUNT.test(s)) return { problem: { code: 'IMPORT_AMOUNT_FORMAT' } };
  const [yuan = '0', fen = ''] = s.split('.');
  const cents = Number(yuan) * 100 + Number(fen.padEnd(2, '0'));
  return cents === 0 ? { value: 0 } : runBlock(loanFields.overdueAmountCents, cents);
}

function daysCell(raw: string): Cell<number> {
  const s = raw.trim();
  const bounds = { minimum: 0, maximum: 9_999 };
  if (!WHOLE.test(s)) return { problem: { code: 'IMPORT_WHOLE_NUMBER', params: bounds } };
  return runBlock(loanFields.daysPastDue, Number(s));
}

function coordinateCell(raw: string, block: ZodType<number>): Cell<number> {
  const s = raw.trim();
  if (!DECIMAL.test(s)) return { problem: { code: 'IMPORT_COORDINATE_FORMAT' } };
  return runBlock(block, Number(s));
}

function choiceCell<T extends string>(raw: string, choices: readonly T[], aliases: Record<string, T> = {}): Cell<T> {
  const s = raw.trim().toLowerCase();
  const found = choices.find((c) => c.toLowerCase() === s) ?? aliases[s];
  return found ? { value: found } : { problem: { code: 'IMPORT_CHOICE', params: { choices: choices.join(', ') } } };
}

/** How each column's cell is read; a blank cell is not read at all. */
const READERS: Record<Exclude<CaseImportColumn, 'loan_ref'>, (raw: string) => Cell<unknown>> = {
  borrower_name: (raw) => runBlock(borrowerFields.borrowerName, raw),
  id_number: (raw) => runBlock(borrowerFields.idNumber, raw),
  phone: (raw) => runBlock(borrowerFields.phone, raw),
  preferred_language: (raw) => choiceCell(raw, BORROWER_LANGUAGES, { zh: 'zh-CN', 'zh-cn': 'zh-CN' }),
  // A spreadsheet wraps a long address onto lines inside its cell: one line to the form's block, joined by a space.
  address: (raw) => runBlock(addressFields.address, raw.replace(/\s*[\r\n]+\s*/g, ' ')),
  city: (raw) => runBlock(addressFields.city, raw),
  district: (raw) => runBlock(addressFields.district, raw),
  lat: (raw) => coordinateCell(raw, addressFields.lat),
  lng: (raw) => coordinateCell(raw, addressFields.lng),
  product: (raw) => runBlock(loanFields.product, raw),
  overdue_amount: amountCell,
  days_past_due: daysCell,
  status: (raw) => choiceCell(raw, CASE_IMPORT_STATUSES),
};

const KEY_OF: Record<Exclude<CaseImportColumn, 'loan_ref'>, keyof RowValues> = {
  ...FIELD_OF,
  preferred_language: 'preferredLanguage',
  lat: 'lat',
  lng: 'lng',
  status: 'status',
};

/** A cell is blank when it holds nothing but spaces (a NUL is not blank: it is refused by name). */
const isBlank = (raw: string) => raw.trim() === '';

/** Checks one row on its own: each cell by its column's block, coordinates in pairs, an address with its district. */
export function checkRow(row: number, cells: string[], index: Record<CaseImportColumn, number>): CheckedRow {
  const problems: RowProblem[] = [];
  const cellOf = (c: CaseImportColumn) => (index[c] >= 0 ? (cells[index[c]] ?? '') : '');
  const refRaw = cellOf('loan_ref');
  const ref = isBlank(refRaw) ? { problem: { code: 'TEXT_REQUIRED' as const } } : runBlock(loanFields.loanRef, refRaw);
  if ('problem' in ref) problems.push({ row, column: 'loan_ref', ...ref.problem });
  const values: Partial<RowValues> = 'value' in ref ? { loanRef: ref.value } : {};
  for (const [column, read] of Object.entries(READERS) as [keyof typeof READERS, (raw: string) => Cell<unknown>][]) {
    const raw = cellOf(column);
    if (isBlank(raw)) continue;
    const cell = read(raw);
    if ('problem' in cell) problems.push({ row, column, ...cell.problem });
    else (values as Record<string, unknown>)[KEY_OF[column]] = cell.value;
  }
  const given = (c: CaseImportColumn) => !isBlank(cellOf(c));
  if (given('lat') !== given('lng'))
    problems.push({ row, column: given('lat') ? 'lng' : 'lat', code: 'IMPORT_COORDINATES_HALF' });
  // A new street address is stored with its city and district: it cannot be placed without them.
  if (given('address') || given('city') || given('district')) {
    for (const c of ['address', 'city', 'district'] as const) {
      if (!given(c)) problems.push({ row, column: c, code: 'TEXT_REQUIRED' });
    }
  }
  const loanRef = 'value' in ref ? ref.value : null;
  return { row, cells, loanRef, values: problems.length ? null : (values as RowValues), problems };
}

/** The columns a row for a loan not yet known leaves blank but must give. */
export function missingForNew(row: number, v: RowValues): RowProblem[] {
  return REQUIRED_FOR_NEW.filter((c) => v[FIELD_OF[c]] === undefined).map((column) => ({
    row,
    column,
    code: 'IMPORT_REQUIRED_FOR_NEW' as const,
  }));
}

/**
 * Every row checked, and each loan reference kept on its first valid row: a later row with the same reference is
 * refused (IMPORT_DUPLICATE_LOAN_REF naming the first), since which of the two the lender meant cannot be told.
 */
export function checkRows(rows: string[][], index: Record<CaseImportColumn, number>): CheckedRow[] {
  const firstRowOf = new Map<string, number>();
  return rows.map((cells, i) => {
    const checked = checkRow(i + 1, cells, index);
    const ref = checked.loanRef;
    if (!ref) return checked;
    const first = firstRowOf.get(ref);
    if (first === undefined) {
      firstRowOf.set(ref, checked.row);
      return checked;
    }
    const problem: RowProblem = {
      row: checked.row,
      column: 'loan_ref',
      code: 'IMPORT_DUPLICATE_LOAN_REF',
      params: { loanRef: ref, firstRow: first },
    };
    return { ...checked, values: null, problems: [problem] };
  });
}
