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
  IMPORT_FILE_EMPTY: {
    status: 'BAD_REQUEST',
    en: 'The file is empty: it has no header row with the column names.',
    'zh-CN': '文件为空：没有包含列名的表头行。',
  },
  IMPORT_FILE_TOO_LARGE: {
    status: 'BAD_REQUEST',
    en: 'The file is larger than {maxMb} MB. Split it into smaller files.',
    'zh-CN': '文件超过 {maxMb} MB，请拆分为较小的文件。',
  },
  IMPORT_FILE_TOO_MANY_ROWS: {
    status: 'BAD_REQUEST',
    en: 'The file has {rows} rows; at most {max} can be imported at once. Split the file.',
    'zh-CN': '文件有 {rows} 行，一次最多导入 {max} 行，请拆分文件。',
  },
  IMPORT_FILE_NOT_SPREADSHEET: {
    status: 'BAD_REQUEST',
    en: 'The file is neither a CSV text file nor an Excel workbook (.xlsx). An old .xls file must be saved as .xlsx or CSV first.',
    'zh-CN': '文件既不是 CSV 文本文件，也不是 Excel 工作簿（.xlsx）。旧版 .xls 文件请先另存为 .xlsx 或 CSV。',
  },
  IMPORT_FILE_NOT_XLSX: {
    status: 'BAD_REQUEST',
    en: 'The file is a ZIP archive but not a readable Excel workbook (.xlsx).',
    'zh-CN': '文件是 ZIP 压缩包，但不是可读取的 Excel 工作簿（.xlsx）。',
  },
  IMPORT_FILE_NUL_BYTES: {
    status: 'BAD_REQUEST',
    en: 'The text file contains NUL bytes (first at byte {offset}). Save it again as "CSV UTF-8" or CSV.',
    'zh-CN': '文本文件中含有空字节（NUL，首次出现在第 {offset} 字节）。请重新另存为“CSV UTF-8”或 CSV 格式。',
  },
  IMPORT_FILE_UNCLOSED_QUOTE: {
    status: 'BAD_REQUEST',
    en: 'A quoted cell that starts on line {line} of the file is never closed: the rest of the file would become one cell.',
    'zh-CN': '文件第 {line} 行开始的带引号单元格没有结束引号，文件其余部分会被读成一个单元格。',
  },
  IMPORT_HEADER_BLANK: {
    status: 'BAD_REQUEST',
    en: 'Column {column} of the header row has no name. Every column needs a name.',
    'zh-CN': '表头第 {column} 列没有列名，每一列都需要列名。',
  },
  IMPORT_HEADER_DUPLICATE: {
    status: 'BAD_REQUEST',
    en: 'The header names the column "{name}" twice (columns {first} and {second}). Column names must differ.',
    'zh-CN': '表头中列名“{name}”出现了两次（第 {first} 列和第 {second} 列），列名不能重复。',
  },
  // ── Rows (checking each row, upsert by loan_ref) ──
  IMPORT_DUPLICATE_LOAN_REF: {
    status: 'BAD_REQUEST',
    en: 'Loan reference {loanRef} appears more than once in this file (first on row {firstRow}).',
    'zh-CN': '贷款编号 {loanRef} 在此文件中出现了不止一次（首次出现在第 {firstRow} 行）。',
  },
  IMPORT_LOAN_REF_OTHER_TEAM: {
    status: 'CONFLICT',
    en: 'Loan reference {loanRef} belongs to another team: loan references are unique across the lender.',
    'zh-CN': '贷款编号 {loanRef} 属于其他小组：贷款编号在整个机构内唯一。',
  },
  IMPORT_REQUIRED_FOR_NEW: {
    status: 'BAD_REQUEST',
    en: 'is required for a new loan',
    'zh-CN': '新贷款必须填写此项',
  },
  IMPORT_AMOUNT_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be an amount in yuan of at least 0 with at most two decimals, e.g. 1234.50',
    'zh-CN': '须为不小于 0、最多两位小数的人民币金额，例如 1234.50',
  },
  IMPORT_WHOLE_NUMBER: {
    status: 'BAD_REQUEST',
    en: 'must be a whole number from {minimum} to {maximum}',
    'zh-CN': '须为 {minimum} 到 {maximum} 之间的整数',
  },
  IMPORT_CHOICE: {
    status: 'BAD_REQUEST',
    en: 'must be one of: {choices}',
    'zh-CN': '须为以下之一：{choices}',
  },
  IMPORT_COORDINATE_FORMAT: {
    status: 'BAD_REQUEST',
    en: 'must be a number (decimal degrees, WGS-84)',
    'zh-CN': '须为数字（十进制度数，WGS-84）',
  },
  IMPORT_COORDINATES_HALF: {
    status: 'BAD_REQUEST',
    en: 'give both lat and lng, or neither',
    'zh-CN': '纬度和经度须同时填写或同时留空',
  },
  IMPORT_NO_LOAN_REF_COLUMN: {
    status: 'BAD_REQUEST',
    en: 'No column of the file is mapped to loan_ref, the key every row needs.',
    'zh-CN': '文件中没有任何列对应 loan_ref（每一行都需要的贷款编号）。',
  },
  // ── Locations (region check, geocoder, the "needs a location" queue) ──
  ADDRESS_REPLACED: {
    status: 'CONFLICT',
    en: 'The address {address} was replaced by a newer one from the lender’s file. Agree the visit at the current address.',
    'zh-CN': '地址 {address} 已被放款机构文件中的新地址取代。请按当前地址约定上门。',
  },
  ADDRESS_NOT_LOCATED: {
    status: 'CONFLICT',
    en: 'The address “{address}” has no location on the map yet. Pin it in “Needs a location” before agreeing a visit there.',
    'zh-CN': '地址“{address}”尚未在地图上定位。请先在“待定位地址”中标注位置，再约定上门时间。',
  },
  IMPORT_OUTSIDE_REGION: {
    status: 'BAD_REQUEST',
    en: 'The location {lat}, {lng} lies outside the team’s region (latitude {south} to {north}, longitude {west} to {east}: its bases plus {marginKm} km).',
    'zh-CN':
      '位置 {lat}, {lng} 不在本团队的区域内（纬度 {south} 至 {north}，经度 {west} 至 {east}：各站点外扩 {marginKm} 公里）。',
  },
  ADDRESS_ALREADY_LOCATED: {
    status: 'CONFLICT',
    en: 'The address “{address}” already has a location (it was placed meanwhile, perhaps by someone else). Reload the list.',
    'zh-CN': '地址“{address}”已有位置（可能已被他人同时标注）。请刷新列表。',
  },
  // ── Service tokens and the machine API ──
  API_TOKEN_INVALID: {
    status: 'UNAUTHORIZED',
    en: 'Send a valid service token: "Authorization: Bearer dst_…". It is missing, unknown, expired or revoked.',
    'zh-CN': '请提供有效的服务令牌（“Authorization: Bearer dst_…”）：令牌缺失、不存在、已过期或已吊销。',
  },
  API_TOKEN_TEAM_FORBIDDEN: {
    status: 'FORBIDDEN',
    en: 'This service token may not import into team {team}.',
    'zh-CN': '此服务令牌无权向小组 {team} 导入。',
  },
  API_TEAM_UNKNOWN: {
    status: 'NOT_FOUND',
    en: 'No team has the code {team}.',
    'zh-CN': '没有代码为 {team} 的小组。',
  },
  API_PARAMETER_MISSING: {
    status: 'BAD_REQUEST',
    en: 'The query parameter "{parameter}" is required.',
    'zh-CN': '缺少查询参数“{parameter}”。',
  },
  API_PARAMETER_NOT_BOOLEAN: {
    status: 'BAD_REQUEST',
    en: 'The query parameter "{parameter}" must be true or false.',
    'zh-CN': '查询参数“{parameter}”只能为 true 或 false。',
  },
  API_PARAMETER_NOT_TEXT: {
    status: 'BAD_REQUEST',
    en: 'The query parameter "{parameter}" must be given once, as 1 to {max} characters of plain text.',
    'zh-CN': '查询参数“{parameter}”只能出现一次，且须为 1 至 {max} 个字符的纯文本。',
  },
  API_PARAMETER_UNKNOWN: {
    status: 'BAD_REQUEST',
    en: 'The query parameter "{parameter}" is not known; the parameters are team, source, dryRun and allOrNothing.',
    'zh-CN': '不支持查询参数“{parameter}”；可用参数为 team、source、dryRun 和 allOrNothing。',
  },
  API_UNSUPPORTED_MEDIA_TYPE: {
    status: 'UNSUPPORTED_MEDIA_TYPE',
    en: 'Send the file as text/csv, application/csv, the XLSX type or application/octet-stream (got "{contentType}").',
    'zh-CN':
      '请以 text/csv、application/csv、XLSX 类型或 application/octet-stream 发送文件（收到的是“{contentType}”）。',
  },
  API_FILE_TOO_LARGE: {
    status: 'PAYLOAD_TOO_LARGE',
    en: 'The file is larger than {maxMb} MB; split it into several imports.',
    'zh-CN': '文件超过 {maxMb} MB，请拆分为多次导入。',
  },
  API_RATE_LIMITED: {
    status: 'TOO_MANY_REQUESTS',
    en: 'Too many import requests. Try again in {minutes} min.',
    'zh-CN': '导入请求过于频繁，请在 {minutes} 分钟后重试。',
  },
  API_IDEMPOTENCY_KEY_IN_PROGRESS: {
    status: 'CONFLICT',
    en: 'An import with this Idempotency-Key is still running; ask again when it has finished.',
    'zh-CN': '使用此 Idempotency-Key 的导入仍在进行中，请在其完成后再试。',
  },
  API_IMPORT_RUN_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'No import run {runId} that this token may see.',
    'zh-CN': '没有此令牌可查看的导入记录 {runId}。',
  },
  // ── Browser import (uploads, runs) ──
  IMPORT_UPLOAD_TYPE: {
    status: 'BAD_REQUEST',
    en: 'Choose a CSV or Excel (.xlsx) file.',
    'zh-CN': '请选择 CSV 或 Excel（.xlsx）文件。',
  },
  IMPORT_UPLOAD_GONE: {
    status: 'NOT_FOUND',
    en: 'This uploaded file is no longer available (uploads are kept for a day). Choose the file again.',
    'zh-CN': '上传的文件已不可用（上传文件只保留一天），请重新选择文件。',
  },
  IMPORT_RUN_NOT_FOUND: {
    status: 'NOT_FOUND',
    en: 'This import was not found.',
    'zh-CN': '未找到此导入记录。',
  },
  IMPORT_REASON_NOT_KEPT: {
    status: 'BAD_REQUEST',
    en: 'Rejected; the run lists only the first {max} problems, so this row’s reason is not among them. Import the rejected rows again to see it.',
    'zh-CN': '已拒绝；本次导入只列出前 {max} 个问题，此行的原因不在其中。请重新导入被拒绝的行以查看原因。',
  },
} as const satisfies Record<string, ErrorDef>;
