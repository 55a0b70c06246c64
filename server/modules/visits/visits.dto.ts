import type { Role } from '../../../shared/domain/constants';
import { givenName, presentBorrowerPhone, presentBorrowerPii } from '../../../shared/pii';
import { iso } from '../../../shared/wire';
import type { BoardVisitRow, VisitRow } from './visits.repo';

/**
 * A visit as a dispatcher's or manager's table shows it; the phone masked by role. Its crew by id only: a board
 * sends each of its crews once (the detail adds the name).
 */
export function toVisitListItem(row: BoardVisitRow, role: Role) {
  return {
    id: row.id,
    status: row.status,
    visitType: row.visitType,
    slotStart: iso(row.slotStart),
    slotEnd: iso(row.slotEnd),
    plannedArrival: iso(row.plannedArrival),
    routePosition: row.routePosition,
    crewId: row.crewId,
    borrowerName: row.borrowerName,
    borrowerPhone: presentBorrowerPhone(role, row.borrowerPhone, row.visitType),
    district: row.district,
    addressText: row.addressText,
    lat: row.lat,
    lng: row.lng,
    overdueAmountCents: row.overdueAmountCents,
    daysPastDue: row.daysPastDue,
    priority: row.priority,
    pinned: row.pinned,
    version: row.version,
  };
}
export type VisitListItem = ReturnType<typeof toVisitListItem>;

/** A stop on an agent's route: no debt details (the list can be seen on a lock screen). */
export function toRouteStop(row: VisitRow) {
  return {
    id: row.id,
    position: row.routePosition,
    status: row.status,
    visitType: row.visitType,
    slotStart: iso(row.slotStart),
    slotEnd: iso(row.slotEnd),
    plannedArrival: iso(row.plannedArrival),
    addressText: row.addressText,
    district: row.district,
    lat: row.lat,
    lng: row.lng,
    borrowerFirstName: givenName(row.borrowerName),
  };
}
export type RouteStop = ReturnType<typeof toRouteStop>;

/** The full visit, for the people allowed to open it. */
export function toVisitDetail(row: VisitRow, role: Role, timeZone: string) {
  const pii = presentBorrowerPii(role, { phone: row.borrowerPhone, idNumber: row.borrowerIdNumber }, row.visitType);
  return {
    ...toVisitListItem(row, role),
    crewName: row.crewName,
    teamId: row.teamId,
    visitDate: row.visitDate,
    timeZone,
    serviceMinutes: row.serviceMinutes,
    borrowerIdNumber: pii.idNumber,
    caseId: row.caseId,
    loanRef: row.loanRef,
    checkInAt: iso(row.checkInAt),
    checkOutAt: iso(row.checkOutAt),
  };
}
