import type { ErrorDef } from './types';

/**
 * Errors of case intake (SPEC §8.3): reading a file, checking its rows, locating addresses, service tokens and the
 * machine API. Each part keeps its codes in its own block below.
 */
export const INTAKE_ERRORS = {
  // ── File and parsing (reading CSV/XLSX, encodings, the header) ──
  IMPORT_FILE_UNREADABLE: {
    status: 'BAD_REQUEST',
    en: 'The file could not be read as CSV or XLSX: {reason}',
    'zh-CN': '无法将文件读取为 CSV 或 XLSX：{reason}',
  },
  // ── Rows (checking each row, upsert by loan_ref) ──
  IMPORT_DUPLICATE_LOAN_REF: {
    status: 'BAD_REQUEST',
    en: 'Loan reference {loanRef} appears more than once in this file (first on row {firstRow}).',
    'zh-CN': '贷款编号 {loanRef} 在此文件中出现了不止一次（首次出现在第 {firstRow} 行）。',
  },
  // ── Locations (region check, geocoder, the "needs a location" queue) ──
  ADDRESS_NOT_LOCATED: {
    status: 'CONFLICT',
    en: 'This address has no location on the map yet. Pin it in "Needs a location" before agreeing a visit there.',
    'zh-CN': '此地址尚未在地图上定位。请先在“待定位地址”中标注位置，再约定上门时间。',
  },
  // ── Service tokens and the machine API ──
  // ── Browser import (uploads, runs) ──
} as const satisfies Record<string, ErrorDef>;
