import { wgs84ToGcj02 } from '@shared/gcj02';

/**
 * Links that open the phone's map app at a stop. Positions are stored as WGS-84 (GPS); Amap, Baidu and Apple
 * Maps in mainland China expect GCJ-02, so they get the converted position (unchanged outside China).
 */
export function navigationLinks(p: { lat: number; lng: number }, label: string) {
  const gcj = wgs84ToGcj02(p);
  const name = encodeURIComponent(label);
  return {
    geo: `geo:${p.lat},${p.lng}?q=${p.lat},${p.lng}(${name})`,
    amap: `https://uri.amap.com/marker?position=${gcj.lng},${gcj.lat}&name=${name}&coordinate=gaode&callnative=1`,
    baidu: `https://api.map.baidu.com/marker?location=${gcj.lat},${gcj.lng}&title=${name}&content=${name}&output=html&coord_type=gcj02&src=doorstep`,
    apple: `https://maps.apple.com/?daddr=${gcj.lat},${gcj.lng}&q=${name}`,
  };
}
