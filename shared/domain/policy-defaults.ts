/**
 * A team's visiting policy when nothing else is set (SPEC §4): the one home of these numbers. The reader in
 * server/modules/policy, the schema's column defaults and the seed all take them from here; the visiting hours
 * come from the jurisdiction preset.
 */
import { JURISDICTION_PRESETS } from './constants';

export const DEFAULT_JURISDICTION = 'CN' as const;

export const DEFAULT_POLICY = {
  jurisdiction: DEFAULT_JURISDICTION,
  allowedStart: JURISDICTION_PRESETS[DEFAULT_JURISDICTION].start,
  allowedEnd: JURISDICTION_PRESETS[DEFAULT_JURISDICTION].end,
  frequencyCap: 2,
  frequencyWindowDays: 7,
  minNoticeMinutes: 120,
  twoPersonRule: true,
  checkInDistanceThresholdM: 200,
} as const;
