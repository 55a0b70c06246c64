/**
 * Records a User Timing mark once per page load (the first paint is what a user waits for; later repaints are
 * not). The e2e checks and `npm run bench:board` read these marks: `dispatch-painted` (calendar lanes with their
 * visits), `dispatch-blocks-painted` (the same lanes with each placed visit's slot and travel blocks, drawn one task
 * later), `week-overview-painted` (the week of many teams, counted) and `map-painted` (the map's visit markers or
 * route drawn).
 */
export function markOnce(
  name: 'dispatch-painted' | 'dispatch-blocks-painted' | 'map-painted' | 'week-overview-painted',
) {
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}
