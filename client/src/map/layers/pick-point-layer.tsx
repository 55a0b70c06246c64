import L from 'leaflet';
import { useEffect, useRef } from 'react';
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
 * coordinates to `onPick`, and so does dragging the placed point when `draggable`. Adds itself on mount, removes
 * itself on unmount; renders nothing. Works without tiles.
 */
export function PickPointLayer({
  points,
  picked,
  onPick,
  draggable = false,
}: {
  points: MapPoint[];
  picked: { lat: number; lng: number } | null;
  onPick: (p: { lat: number; lng: number }) => void;
  draggable?: boolean;
}) {
  const map = useMap();
  // The latest handler, so the markers are not rebuilt each time the page passes a new function.
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
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
      const marker = L.marker([picked.lat, picked.lng], { icon, keyboard: false, draggable }).addTo(layer);
      marker.on('dragend', () => {
        const at = marker.getLatLng();
        pickRef.current({ lat: at.lat, lng: at.lng });
      });
    }
    layer.addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, points, picked, draggable]);
  return null;
}
