import L from 'leaflet';

/**
 * A coloured dot (round) or square with a border as a Leaflet marker icon. Built as an element whose style is
 * set through the DOM: a style="" attribute inside HTML text is refused by the page's CSP.
 */
export function dotIcon(opts: {
  className: string;
  size: number;
  color: string;
  border: string;
  round?: boolean;
  title?: string;
  testId?: string;
}): L.DivIcon {
  const dot = document.createElement('span');
  Object.assign(dot.style, {
    display: 'block',
    width: `${opts.size}px`,
    height: `${opts.size}px`,
    borderRadius: opts.round ? '50%' : '0',
    background: opts.color,
    border: `2px solid ${opts.border}`,
    boxShadow: '0 0 2px rgba(0,0,0,.6)',
  });
  if (opts.title) dot.title = opts.title;
  if (opts.testId) dot.dataset.testid = opts.testId;
  return L.divIcon({ className: opts.className, html: dot, iconSize: [opts.size + 4, opts.size + 4] });
}
