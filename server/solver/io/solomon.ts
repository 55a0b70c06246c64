import { euclideanMatrix } from '../model/matrix';
import type { Problem } from '../model/types';

/** A Solomon instance as read from the text format. */
interface SolomonInstance {
  name: string;
  vehicles: number;
  capacity: number;
  customers: { id: number; x: number; y: number; demand: number; ready: number; due: number; service: number }[];
}

/** Parses the classic Solomon VRPTW text format (node 0 is the depot). */
export function parseSolomon(text: string): SolomonInstance {
  const lines = text.split(/\r?\n/);
  const name = (lines.find((l) => l.trim().length > 0) ?? '').trim();
  let i = lines.findIndex((l) => /VEHICLE/i.test(l));
  if (i < 0) throw new Error('Solomon file: no VEHICLE section');
  let vehicles = 0;
  let capacity = 0;
  const nums = (l: string) => l.trim().split(/\s+/).filter(Boolean).map(Number);
  for (i++; i < lines.length; i++) {
    const xs = nums(lines[i] ?? '');
    if (xs.length === 2 && xs.every(Number.isFinite)) {
      [vehicles, capacity] = xs as [number, number];
      break;
    }
  }
  const customers: SolomonInstance['customers'] = [];
  for (i++; i < lines.length; i++) {
    const xs = nums(lines[i] ?? '');
    if (xs.length === 7 && xs.every(Number.isFinite)) {
      const [id, x, y, demand, ready, due, service] = xs as [number, number, number, number, number, number, number];
      customers.push({ id, x, y, demand, ready, due, service });
    }
  }
  if (!vehicles || customers.length < 2 || customers[0]?.id !== 0)
    throw new Error('Solomon file: bad vehicles or nodes');
  return { name, vehicles, capacity, customers };
}

/** Turns a Solomon instance into a solver problem: Euclidean doubles, time = distance, fleet = VEHICLE NUMBER. */
export function solomonToProblem(inst: SolomonInstance): Problem {
  const cs = inst.customers;
  const depot = cs[0]!;
  const matrix = euclideanMatrix(
    cs.map((c) => c.x),
    cs.map((c) => c.y),
  );
  const shift = { start: depot.ready, end: depot.due };
  return {
    matrix,
    vehicles: Array.from({ length: inst.vehicles }, (_, k) => ({
      id: String(k + 1),
      startIndex: 0,
      endIndex: 0,
      shift,
      capacity: inst.capacity,
    })),
    jobs: cs.slice(1).map((c, k) => ({
      id: String(c.id),
      locationIndex: k + 1,
      service: c.service,
      windows: [{ start: c.ready, end: c.due }],
      demand: c.demand,
    })),
  };
}
