import L from 'leaflet';
import 'leaflet.markercluster';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'leaflet.markercluster/dist/MarkerCluster.Default.css';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { markOnce } from '../../lib/perf-mark';
import { dotIcon } from '../dot-icon';

interface MapVisit {
  id: string;
  lat: number;
  lng: number;
  color: string;
  label: string;
}

function icon(color: string, highlighted: boolean) {
  return dotIcon({
    className: 'ds-marker',
    size: highlighted ? 18 : 12,
    color,
    border: highlighted ? '#fa5252' : '#fff',
    round: true,
    testId: 'map-visit',
  });
}

/**
 * Visit markers, clustered. Adds itself to the map on mount and removes itself on unmount; renders nothing.
 * Clicking a marker selects the visit; clicking a cluster hands its visits to `onPickMany` (filters the tray).
 */
export function VisitMarkersLayer({
  visits,
  highlightId,
  onSelect,
  onHover,
  onPickMany,
}: {
  visits: MapVisit[];
  highlightId: string | null;
  onSelect: (id: string) => void;
  onHover: (id: string | null) => void;
  onPickMany: (ids: string[]) => void;
}) {
  const map = useMap();
  const markers = useRef(new Map<string, { marker: L.Marker; color: string }>());
  const handlers = useRef({ onSelect, onHover, onPickMany });
  handlers.current = { onSelect, onHover, onPickMany };

  useEffect(() => {
    let frame = 0;
    const group = L.markerClusterGroup({
      maxClusterRadius: 36,
      showCoverageOnHover: false,
      zoomToBoundsOnClick: false,
      // Thousands of markers (a lender's day has 3,000 visits) are clustered in slices between frames, so the page
      // stays responsive; the last slice's frame is the first with every marker (or its cluster) on the map.
      chunkedLoading: true,
      chunkProgress: (done: number, total: number) => {
        if (done === total && total > 0) frame = requestAnimationFrame(() => markOnce('map-painted'));
      },
    });
    const byId = markers.current;
    byId.clear();
    const all: L.Marker[] = [];
    for (const v of visits) {
      const marker = L.marker([v.lat, v.lng], { icon: icon(v.color, false), title: v.label });
      (marker as L.Marker & { visitId?: string }).visitId = v.id;
      marker.on('click', () => handlers.current.onSelect(v.id));
      marker.on('mouseover', () => handlers.current.onHover(v.id));
      marker.on('mouseout', () => handlers.current.onHover(null));
      byId.set(v.id, { marker, color: v.color });
      all.push(marker);
    }
    group.on('clusterclick', (e: L.LeafletEvent) => {
      const cluster = (e as L.LeafletEvent & { layer: L.MarkerCluster }).layer;
      handlers.current.onPickMany(
        cluster.getAllChildMarkers().map((m: L.Marker) => (m as L.Marker & { visitId: string }).visitId),
      );
      cluster.zoomToBounds({ padding: [20, 20] });
    });
    // On the map first: one bulk add then clusters once, where one addLayer per marker re-clustered each time.
    map.addLayer(group);
    group.addLayers(all);
    return () => {
      cancelAnimationFrame(frame);
      map.removeLayer(group);
    };
  }, [map, visits]);

  useEffect(() => {
    const entry = highlightId ? markers.current.get(highlightId) : undefined;
    if (!entry) return;
    entry.marker.setIcon(icon(entry.color, true));
    entry.marker.setZIndexOffset(1000);
    return () => {
      entry.marker.setIcon(icon(entry.color, false));
      entry.marker.setZIndexOffset(0);
    };
  }, [highlightId]);
  return null;
}
