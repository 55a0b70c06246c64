import L from 'leaflet';
import { useEffect } from 'react';
import { useMap, useMapEvents } from 'react-leaflet';
import { dotIcon } from '../dot-icon';

export interface MapPoint {
  id: string;
  lat: number;
  lng: number;
  label: string;
  active: boolean;
}

/**
 * Places as square markers (bases and offices), plus the point being placed; a click on the map hands its
 * coordinates to `onPick`. Adds itself on mount, removes itself on unmount; renders nothing. Works without tiles.
 */
export function PickPointLayer({
  points,
  picked,
  onPick,
}: {
  points: MapPoint[];
  picked: { lat: number; lng: number } | null;
  onPick: (p: { lat: number; lng: number }) => void;
}) {
  const map = useMap();
  useMapEvents({ click: (e) => onPick({ lat: e.latlng.lat, lng: e.latlng.lng }) });
  useEffect(() => {
    const layer = L.layerGroup();
    for (const p of points) {
      const icon = dotIcon({
        className: 'ds-base',
        size: 14,
        color: p.active ? '#1c7ed6' : '#adb5bd',
        border: '#fff',
        title: p.label,
        testId: 'map-base',
      });
      L.marker([p.lat, p.lng], { icon, title: p.label, keyboard: false }).addTo(layer);
    }
    if (picked) {
      const icon = dotIcon({
        className: 'ds-base-new',
        size: 16,
        color: '#fa5252',
        border: '#fff',
        round: true,
        testId: 'map-picked',
      });
      L.marker([picked.lat, picked.lng], { icon, keyboard: false }).addTo(layer);
    }
    layer.addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, points, picked]);
  return null;
}
