// Preloaded (NODE_OPTIONS=--import) into the field e2e's own server: shifts the server's clock by the number
// of milliseconds written in FIELD_E2E_CLOCK_FILE, re-read when the file changes. Check-in is only allowed
// inside a visit's agreed slot, so the test moves time into the slot instead of depending on when it runs.
import { readFileSync, watchFile } from 'node:fs';

const file = process.env.FIELD_E2E_CLOCK_FILE;
if (file) {
  const RealDate = globalThis.Date;
  const realNow = RealDate.now.bind(RealDate);
  let offset = 0;
  const load = () => {
    try {
      offset = Number(readFileSync(file, 'utf8').trim()) || 0;
    } catch {
      offset = 0;
    }
  };
  load();
  watchFile(file, { interval: 50, persistent: false }, load);
  function ShiftedDate(...args) {
    if (!new.target) return new RealDate(realNow() + offset).toString();
    return args.length === 0 ? new RealDate(realNow() + offset) : new RealDate(...args);
  }
  ShiftedDate.prototype = RealDate.prototype;
  ShiftedDate.now = () => realNow() + offset;
  ShiftedDate.parse = RealDate.parse;
  ShiftedDate.UTC = RealDate.UTC;
  globalThis.Date = ShiftedDate;
}
