import 'leaflet/dist/leaflet.css';
import { isIn, OUTCOME_RECORDED } from '@shared/domain/visit-lifecycle';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { CircleMarker, MapContainer, Polyline, Tooltip } from 'react-leaflet';
import { markOnce } from '../../lib/perf-mark';
import { useTRPC } from '../../lib/trpc';
import { Tiles } from '../../map/tile-layer';
import type { FieldStop } from './route-state';

/** The day's stops joined in route order; done stops in green. Tiles come from the configured tile URL. */
export function RouteMap({ stops }: { stops: FieldStop[] }) {
  const trpc = useTRPC();
  const config = useQuery(trpc.config.public.queryOptions());
  const drawn = stops.length > 0;
  // The stops are SVG drawn with the map itself: the next frame has them on screen.
  useEffect(() => {
    if (!drawn) return;
    const frame = requestAnimationFrame(() => markOnce('map-painted'));
    return () => cancelAnimationFrame(frame);
  }, [drawn]);
  if (!drawn) return null;
  const points = stops.map((s) => [s.lat, s.lng] as [number, number]);
  const lats = points.map((p) => p[0]);
  const lngs = points.map((p) => p[1]);
  const bounds: [[number, number], [number, number]] = [
    [Math.min(...lats), Math.min(...lngs)],
    [Math.max(...lats), Math.max(...lngs)],
  ];
  return (
    <div
      data-testid="route-map"
      style={{ height: 220, borderRadius: 16, overflow: 'hidden', border: '1px solid var(--mantine-color-gray-3)' }}
    >
      <MapContainer
        bounds={bounds}
        boundsOptions={{ padding: [28, 28] }}
        style={{ height: '100%', width: '100%' }}
        zoomControl={false}
        attributionControl
      >
        {config.data && <Tiles url={config.data.tileUrl} attribution="© OpenStreetMap" />}
        <Polyline positions={points} pathOptions={{ color: '#0ca678', weight: 4, opacity: 0.8 }} />
        {stops.map((s, i) => {
          const done = isIn(OUTCOME_RECORDED, s.status);
          return (
            <CircleMarker
              key={s.id}
              center={[s.lat, s.lng]}
              radius={11}
              pathOptions={{ color: '#fff', weight: 2, fillColor: done ? '#2f9e44' : '#1c7ed6', fillOpacity: 1 }}
            >
              <Tooltip permanent direction="center" className="route-map-label">
                {s.position ?? i + 1}
              </Tooltip>
            </CircleMarker>
          );
        })}
      </MapContainer>
    </div>
  );
}
