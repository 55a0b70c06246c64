import type { Region } from '@shared/domain/region';
import L from 'leaflet';
import { useEffect } from 'react';
import { useMap } from 'react-leaflet';

/**
 * The team's region (its bases' box grown by the margin) as a dashed rectangle: a pin outside it is refused.
 * Adds itself on mount, removes itself on unmount; renders nothing.
 */
export function RegionLayer({ region }: { region: Region | null }) {
  const map = useMap();
  useEffect(() => {
    if (!region) return;
    const box = L.rectangle(
      [
        [region.south, region.west],
        [region.north, region.east],
      ],
      { color: '#1c7ed6', weight: 2, dashArray: '6 6', fill: true, fillOpacity: 0.04, interactive: false },
    ).addTo(map);
    return () => {
      box.remove();
    };
  }, [map, region]);
  return null;
}
