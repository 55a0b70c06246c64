import { describe, expect, it } from 'vitest';
import { CASE_IMPORT_COLUMNS } from '../../../../shared/domain/intake';
import { guessMapping, ignoredColumns, normalizeHeader } from '../../../../shared/domain/intake-guess';

describe('guessing the column mapping from a header', () => {
  it('finds every template column by its exact name, whatever the case, spaces or underscores', () => {
    const header = CASE_IMPORT_COLUMNS.map((c, i) => (i % 2 ? c.toUpperCase() : c.replace(/_/g, ' ')));
    const mapping = guessMapping(header);
    CASE_IMPORT_COLUMNS.forEach((column, i) => {
      expect(mapping[column], column).toBe(header[i]);
    });
    expect(ignoredColumns(header, mapping)).toEqual([]);
  });

  it('reads a Chinese lender export by its usual names, and reports the columns nobody reads', () => {
    const header = [
      '合同号',
      '客户姓名',
      '证件号码',
      '手机号',
      '住址',
      '市',
      '区/县',
      '纬度',
      '经度',
      '产品',
      '逾期金额（元）',
      '逾期天数',
      '状态',
      '语言',
      '客户经理',
    ];
    expect(guessMapping(header)).toEqual({
      loan_ref: '合同号',
      borrower_name: '客户姓名',
      id_number: '证件号码',
      phone: '手机号',
      address: '住址',
      city: '市',
      district: '区/县',
      lat: '纬度',
      lng: '经度',
      product: '产品',
      overdue_amount: '逾期金额（元）',
      days_past_due: '逾期天数',
      status: '状态',
      preferred_language: '语言',
    });
    expect(ignoredColumns(header, guessMapping(header))).toEqual(['客户经理']);
  });

  it('reads English synonyms', () => {
    const mapping = guessMapping([
      'Loan ID',
      'Name',
      'Mobile',
      'Latitude',
      'Lon',
      'DPD',
      'Overdue Amount',
      'Preferred Language',
    ]);
    expect(mapping).toEqual({
      loan_ref: 'Loan ID',
      borrower_name: 'Name',
      phone: 'Mobile',
      lat: 'Latitude',
      lng: 'Lon',
      days_past_due: 'DPD',
      overdue_amount: 'Overdue Amount',
      preferred_language: 'Preferred Language',
    });
  });

  it('never maps two columns to one header, and an exact name wins over a synonym', () => {
    // "电话" and "手机" both mean phone: the first one is taken, the other is left over.
    const header = ['借据号', '电话', '手机', 'phone'];
    const mapping = guessMapping(header);
    expect(mapping).toEqual({ loan_ref: '借据号', phone: 'phone' });
    expect(ignoredColumns(header, mapping)).toEqual(['电话', '手机']);
    const values = Object.values(guessMapping(['地址', '住址', 'address', '城市', '市'])).filter(Boolean);
    expect(new Set(values).size).toBe(values.length);
  });

  it('leaves a column out when no header names it', () => {
    expect(guessMapping(['备注', 'remark'])).toEqual({});
    expect(ignoredColumns(['备注', 'remark'], { loan_ref: null })).toEqual(['备注', 'remark']);
  });

  it('compares full-width and bracketed units as the plain name', () => {
    expect(normalizeHeader('ＬＯＡＮ＿ＲＥＦ')).toBe('loanref');
    expect(normalizeHeader('Overdue amount (CNY)')).toBe('overdueamount');
    expect(normalizeHeader('逾期金额［元］')).toBe('逾期金额');
  });
});
