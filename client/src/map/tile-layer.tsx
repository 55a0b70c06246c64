import { TileLayer } from 'react-leaflet';

/**
 * The base map from TILE_URL. The app's pages send no Referer (a slot link's URL holds its token), but tile
 * servers such as OpenStreetMap's ask for one: tile requests carry this site's origin and nothing of the path.
 */
export function Tiles({
  url,
  attribution = '&copy; OpenStreetMap contributors',
}: {
  url: string;
  attribution?: string;
}) {
  return <TileLayer url={url} attribution={attribution} referrerPolicy="strict-origin" />;
}
