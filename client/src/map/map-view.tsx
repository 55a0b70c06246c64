import 'leaflet/dist/leaflet.css';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MapContainer, ZoomControl } from 'react-leaflet';
import { Tiles } from './tile-layer';

/**
 * The map frame: tiles from TILE_URL under the layers given as children. Without tiles (offline, blocked)
 * the grey background stays and every marker and line still draws — the map never depends on them.
 */
export function MapView({
  tileUrl,
  center,
  zoom = 11,
  height,
  children,
}: {
  tileUrl: string;
  center: [number, number];
  zoom?: number;
  height: number | string;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <MapContainer
      center={center}
      zoom={zoom}
      // z-index 0 keeps Leaflet's panes (z 400–1000) below the app's modals.
      style={{ height, width: '100%', background: '#e9ecef', borderRadius: 8, zIndex: 0 }}
      preferCanvas
      // Leaflet's own zoom buttons say "Zoom in"/"Zoom out" in English: ours speak the user's language.
      zoomControl={false}
      data-testid="dispatch-map"
    >
      {/* Leaflet reads the titles once: a new control for a new language. */}
      <ZoomControl
        key={i18n.language}
        position="topleft"
        zoomInTitle={t('map.zoomIn')}
        zoomOutTitle={t('map.zoomOut')}
      />
      <Tiles url={tileUrl} />
      {children}
    </MapContainer>
  );
}
