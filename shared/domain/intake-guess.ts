/**
 * Guesses which of a lender's columns feeds each template column (SPEC §8.3), from the exact template names or the
 * names Chinese and English lender systems commonly give them. Pure: the server guesses when no mapping is saved, the
 * browser shows the same guess for the user to correct.
 */
import { CASE_IMPORT_COLUMNS, type CaseImportColumn, type ColumnMapping } from './intake';

/**
 * Other names of each column, written as `normalize` leaves them. Checked after the exact template names, in this
 * order, so a header that names one column exactly is never taken by another column's synonym.
 */
const SYNONYMS: Record<CaseImportColumn, readonly string[]> = {
  loan_ref: [
    '贷款编号',
    '合同号',
    '合同编号',
    '借据号',
    '借据编号',
    '贷款号',
    '贷款合同号',
    'loanreference',
    'loanid',
    'loanno',
    'loannumber',
    'contractno',
    'contractnumber',
  ],
  borrower_name: [
    '姓名',
    '客户姓名',
    '借款人',
    '借款人姓名',
    '客户名称',
    '客户名',
    'name',
    'borrower',
    'customername',
    'fullname',
  ],
  id_number: [
    '身份证号',
    '身份证号码',
    '证件号码',
    '证件号',
    '身份证',
    'idno',
    'idcard',
    'idcardnumber',
    'nationalid',
    'residentid',
  ],
  phone: [
    '手机',
    '手机号',
    '手机号码',
    '电话',
    '联系电话',
    '电话号码',
    '移动电话',
    'mobile',
    'phonenumber',
    'mobilenumber',
    'tel',
    'telephone',
  ],
  preferred_language: ['语言', '首选语言', '偏好语言', '沟通语言', 'language', 'lang'],
  address: ['地址', '住址', '详细地址', '家庭住址', '居住地址', '联系地址', '家庭地址', 'streetaddress', 'homeaddress'],
  city: ['城市', '市', '所在城市', '所在市'],
  district: ['区', '区县', '县区', '所在区', '行政区', 'county'],
  lat: ['纬度', 'latitude'],
  lng: ['经度', 'lon', 'long', 'longitude'],
  product: ['产品', '产品名称', '贷款产品', '产品类型', 'productname'],
  overdue_amount: ['逾期金额', '欠款金额', '逾期本息', '应还金额', 'overdue', 'amountoverdue', 'arrears'],
  days_past_due: ['逾期天数', 'dpd', 'daysoverdue', 'overduedays'],
  status: ['状态', '案件状态', '贷款状态', 'casestatus', 'loanstatus'],
};

/**
 * A header as compared: full-width forms folded (NFKC), lower case, a trailing unit in brackets dropped
 * ("逾期金额（元）"), spaces, underscores, hyphens, dots and slashes removed ("Loan Ref" = "loan_ref" = "LOAN-REF").
 */
export function normalizeHeader(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s*[([][^)\]]*[)\]]\s*$/, '')
    .replace(/[\s_\-./]+/g, '');
}

/** The header each template column is most likely read from; a header feeds at most one column. */
export function guessMapping(header: string[]): ColumnMapping {
  const keys = header.map(normalizeHeader);
  const mapping: ColumnMapping = {};
  const taken = new Set<number>();
  const claim = (column: CaseImportColumn, names: readonly string[]) => {
    if (mapping[column]) return;
    const i = keys.findIndex((key, at) => !taken.has(at) && names.includes(key));
    if (i === -1) return;
    taken.add(i);
    mapping[column] = header[i] as string;
  };
  for (const column of CASE_IMPORT_COLUMNS) claim(column, [normalizeHeader(column)]);
  for (const column of CASE_IMPORT_COLUMNS) claim(column, SYNONYMS[column]);
  return mapping;
}

/** The file's headers that no template column reads: reported as ignored, not an error. */
export function ignoredColumns(header: string[], mapping: ColumnMapping): string[] {
  const used = new Set(Object.values(mapping).filter((h): h is string => typeof h === 'string'));
  return header.filter((h) => !used.has(h));
}
