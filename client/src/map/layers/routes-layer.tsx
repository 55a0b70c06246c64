import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';

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
          icon: L.divIcon({
            className: 'ds-crew-start',
            html: `<span title="${r.label}" style="display:block;width:12px;height:12px;background:${r.color};border:2px solid #fff;box-shadow:0 0 2px rgba(0,0,0,.7)"></span>`,
            iconSize: [16, 16],
          }),
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
