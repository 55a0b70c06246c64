import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';

/** Fits the map to the given points once per `fitKey` (a new day or team), not on every refresh. */
export function FitBounds({ points, fitKey }: { points: Array<[number, number]>; fitKey: string }) {
  const map = useMap();
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the day or team changes
  useEffect(() => {
    if (points.length > 1) map.fitBounds(L.latLngBounds(points), { padding: [16, 16] });
  }, [map, fitKey]);
  return null;
}
