/** Borrower messages' texts (SPEC §8.4), in both languages: the one home of what an SMS to a borrower says. */
import type { MessageKind } from '../domain/messages';
import type { Catalogue, Message } from './catalogue';

/**
 * The built-in text (version 0) of every kind of borrower message (SPEC §8.4): what is sent until an admin saves
 * a text of their own. {variables} are filled in by the server (messages.variables.ts); which a kind may use is
 * listed in messages.templates.ts.
 */
export const BORROWER_MESSAGE_TEXTS = {
  first_notice: {
    'zh-CN':
      '【{lender}】您好，您的借款已逾期。{amountNote}我们计划近期安排工作人员上门拜访，稍后会发送链接供您选择上门时间，您也可以在我们来电时约定时间。如有疑问或投诉，请联系：{complaint}',
    en: '{lender}: your loan is overdue. {amountNote}We plan to visit you soon; we will send you a link to choose a time, or you can agree one with us when we call. Questions or complaints: {complaint}',
  },
  appointment_notice: {
    'zh-CN':
      '【{lender}】您好，我们将安排工作人员上门拜访，商谈您逾期借款的处理。{amountNote}请通过我们发送的链接选择时间，或在我们来电时约定。如有疑问或投诉，请联系：{complaint}',
    en: '{lender}: we will arrange a visit to talk about your overdue loan. {amountNote}Please choose a time through the link we send, or agree one with us when we call. Questions or complaints: {complaint}',
  },
  slot_link: {
    'zh-CN': '【{lender}】请通过以下链接选择上门拜访的时间：{link} 如有疑问或投诉，请联系：{complaint}',
    en: '{lender}: choose a time for our visit here: {link} Questions or complaints: {complaint}',
  },
  slot_agreed: {
    'zh-CN':
      '【{lender}】已为您预约上门拜访：{date} {window}，地址：{address}。{crew}如有疑问或投诉，请联系：{complaint}',
    en: '{lender}: your visit is booked for {date}, {window}, at {address}. {crew} Questions or complaints: {complaint}',
  },
  reminder: {
    'zh-CN': '【{lender}】提醒：我们将于明天 {date} {window} 到访 {address}。{crew}如有疑问或投诉，请联系：{complaint}',
    en: '{lender}: a reminder that we will visit you tomorrow, {date}, {window}, at {address}. {crew} Questions or complaints: {complaint}',
  },
  en_route: {
    'zh-CN':
      '【{lender}】工号为 {badges} 的工作人员正在前往您处。您可在 {verifyUrl} 核验其身份。如有疑问或投诉，请联系：{complaint}',
    en: '{lender}: our staff with badge numbers {badges} are on their way to you. Check who they are at {verifyUrl} Questions or complaints: {complaint}',
  },
  visit_cancelled: {
    'zh-CN': '【{lender}】原定于 {date} {window} 到访 {address} 的上门拜访已取消。如有疑问或投诉，请联系：{complaint}',
    en: '{lender}: the visit planned for {date}, {window}, at {address} is cancelled. Questions or complaints: {complaint}',
  },
  visit_moved: {
    'zh-CN':
      '【{lender}】您的上门拜访已由 {oldDate} {oldWindow} 改为 {date} {window}，地址：{address}。{crew}如有疑问或投诉，请联系：{complaint}',
    en: '{lender}: your visit has moved from {oldDate}, {oldWindow}, to {date}, {window}, at {address}. {crew} Questions or complaints: {complaint}',
  },
} as const satisfies Record<MessageKind, Message>;

/** Pieces the server puts into a message's variables, in the borrower's language. */
export const BORROWER_MESSAGE_WORDS = {
  // {crew} once the visit has a crew: the badge numbers the borrower can check at the door.
  CREW_KNOWN: { en: 'Badge numbers of those coming: {badges}.', 'zh-CN': '上门人员工号：{badges}。' },
  // {crew} before a crew is assigned.
  CREW_UNKNOWN: { en: 'The crew will show their badges.', 'zh-CN': '上门人员将出示工作证。' },
  // Joins badge numbers in a list.
  LIST_SEPARATOR: { en: ', ', 'zh-CN': '、' },
  // {amountNote} when the team's policy lets messages show the amount owed (ends with a space in English).
  AMOUNT_NOTE: { en: 'Amount overdue: {amount}. ', 'zh-CN': '逾期金额：{amount}。' },
} as const satisfies Catalogue;
