import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import { dotIcon } from '../dot-icon';

export interface MapRoute {
  crewId: string;
  color: string;
  /** Start place, stops in order, end place. */
  points: Array<[number, number]>;
  start: [number, number] | null;
  label: string;
}

/** Each crew's planned route as a line in its colour and its start place as a square; renders nothing. */
export function RoutesLayer({ routes }: { routes: MapRoute[] }) {
  const map = useMap();
  useEffect(() => {
    const group = L.layerGroup();
    for (const r of routes) {
      if (r.points.length > 1) L.polyline(r.points, { color: r.color, weight: 3, opacity: 0.75 }).addTo(group);
      if (r.start) {
        L.marker(r.start, {
          icon: dotIcon({ className: 'ds-crew-start', size: 12, color: r.color, border: '#fff', title: r.label }),
          title: r.label,
          interactive: false,
        }).addTo(group);
      }
    }
    group.addTo(map);
    return () => {
      group.remove();
    };
  }, [map, routes]);
  return null;
}
