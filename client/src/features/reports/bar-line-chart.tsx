import { Box, Group, Paper, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { bands, labelWidth, valueScale } from './chart-scale';

/** One data series: a value per category, drawn as bars (side by side) or as a line with points. */
export interface ChartSeries {
  name: string;
  type: 'bar' | 'line';
  values: number[];
  color: string;
}

const AXIS = '#868e96';
const GRID = '#e9ecef';
const LABEL = { fontSize: 11, fill: '#495057' } as const;

/** The size of an element, kept current as the layout changes (0 × 0 until first measured). */
function useSize<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: Math.floor(entry.contentRect.width), height: Math.floor(entry.contentRect.height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, ...size };
}

/**
 * A category chart drawn as SVG by React: bars and lines over the categories (along the bottom, or down the
 * side when `horizontal`), a value axis from 0 with whole-number ticks, a legend, a tooltip for the category
 * under the pointer, and `onSelect(index)` when a category is clicked. A few kilobytes instead of a charting
 * library (ECharts alone was ~190 KB gzip of the reports page's first load), and nothing in it needs an inline
 * style the page's CSP would refuse.
 */
export function BarLineChart({
  categories,
  series,
  horizontal = false,
  rotateLabels = false,
  height = 260,
  onSelect,
  testId,
}: {
  categories: string[];
  series: ChartSeries[];
  horizontal?: boolean;
  rotateLabels?: boolean;
  height?: number;
  onSelect?: (index: number) => void;
  testId?: string;
}) {
  const { ref, width, height: plotBoxHeight } = useSize<HTMLDivElement>();
  const [hover, setHover] = useState<number | null>(null);
  // A horizontal chart's labels sit on its left: as wide as the longest, up to half the chart.
  const labelRoom = Math.min(Math.max(0, ...categories.map(labelWidth)) + 10, width / 2);
  const margin = {
    left: horizontal ? labelRoom : 36,
    right: 16,
    top: 8,
    bottom: rotateLabels ? 64 : 24,
  };
  const plotW = Math.max(0, width - margin.left - margin.right);
  const plotH = Math.max(0, plotBoxHeight - margin.top - margin.bottom);
  const scale = valueScale(Math.max(0, ...series.flatMap((s) => s.values)));
  const band = bands(categories.length, horizontal ? plotH : plotW);
  const bars = series.filter((s) => s.type === 'bar');
  const lines = series.filter((s) => s.type === 'line');
  const group = band.width * (horizontal ? 0.6 : 0.7);
  const barSize = bars.length ? group / bars.length : 0;
  // Positions along the category axis (x, or y when horizontal) and the value axis (length from the origin).
  const center = (i: number) => band.start(i) + band.width / 2;
  const length = (v: number) => (v / scale.max) * (horizontal ? plotW : plotH);
  const barOffset = (i: number, j: number) => band.start(i) + (band.width - group) / 2 + j * barSize;
  const ready = width > 0 && plotBoxHeight > 0;

  return (
    <Box pos="relative" h={height} data-testid={testId} data-ready={ready ? 'true' : 'false'}>
      <Box display="flex" h="100%" style={{ flexDirection: 'column' }}>
        {series.length > 1 && (
          <Group gap={10} justify="center" mb={4} wrap="wrap">
            {series.map((s) => (
              <Group key={s.name} gap={4} wrap="nowrap">
                <svg width="14" height="10" aria-hidden="true">
                  {s.type === 'bar' ? (
                    <rect width="14" height="10" rx="2" fill={s.color} />
                  ) : (
                    <>
                      <line x1="0" y1="5" x2="14" y2="5" stroke={s.color} strokeWidth="2" />
                      <circle cx="7" cy="5" r="3" fill="#fff" stroke={s.color} strokeWidth="1.5" />
                    </>
                  )}
                </svg>
                <Text size="xs" c="dimmed">
                  {s.name}
                </Text>
              </Group>
            ))}
          </Group>
        )}
        <Box ref={ref} style={{ flex: 1, minHeight: 0 }}>
          {ready && (
            <svg width={width} height={plotBoxHeight} role="img" aria-label={series.map((s) => s.name).join(', ')}>
              <g transform={`translate(${margin.left},${margin.top})`}>
                {scale.ticks.map((tick) => {
                  const at = length(tick);
                  return horizontal ? (
                    <g key={tick}>
                      <line x1={at} x2={at} y1={0} y2={plotH} stroke={GRID} />
                      <text x={at} y={plotH + 15} textAnchor="middle" {...LABEL}>
                        {tick}
                      </text>
                    </g>
                  ) : (
                    <g key={tick}>
                      <line x1={0} x2={plotW} y1={plotH - at} y2={plotH - at} stroke={GRID} />
                      <text x={-6} y={plotH - at + 4} textAnchor="end" {...LABEL}>
                        {tick}
                      </text>
                    </g>
                  );
                })}
                {horizontal ? (
                  <line x1={0} x2={0} y1={0} y2={plotH} stroke={AXIS} />
                ) : (
                  <line x1={0} x2={plotW} y1={plotH} y2={plotH} stroke={AXIS} />
                )}
                {categories.map((label, i) => {
                  const c = center(i);
                  if (horizontal) {
                    return (
                      <text key={label} x={-6} y={c + 4} textAnchor="end" {...LABEL}>
                        {label}
                      </text>
                    );
                  }
                  return rotateLabels ? (
                    <text
                      key={label}
                      transform={`translate(${c},${plotH + 8}) rotate(-40)`}
                      textAnchor="end"
                      {...LABEL}
                    >
                      {label}
                    </text>
                  ) : (
                    <text key={label} x={c} y={plotH + 15} textAnchor="middle" {...LABEL}>
                      {label}
                    </text>
                  );
                })}
                {hover !== null &&
                  (horizontal ? (
                    <rect x={0} y={band.start(hover)} width={plotW} height={band.width} fill="#f1f3f5" />
                  ) : (
                    <rect x={band.start(hover)} y={0} width={band.width} height={plotH} fill="#f1f3f5" />
                  ))}
                {bars.map((s, j) =>
                  s.values.map((v, i) =>
                    horizontal ? (
                      <rect
                        key={`${s.name}-${categories[i]}`}
                        x={0}
                        y={barOffset(i, j)}
                        width={length(v)}
                        height={barSize}
                        fill={s.color}
                      />
                    ) : (
                      <rect
                        key={`${s.name}-${categories[i]}`}
                        x={barOffset(i, j)}
                        y={plotH - length(v)}
                        width={barSize}
                        height={length(v)}
                        fill={s.color}
                      />
                    ),
                  ),
                )}
                {!horizontal &&
                  lines.map((s) => (
                    <g key={s.name}>
                      <polyline
                        points={s.values.map((v, i) => `${center(i)},${plotH - length(v)}`).join(' ')}
                        fill="none"
                        stroke={s.color}
                        strokeWidth={2}
                      />
                      {s.values.map((v, i) => (
                        <circle
                          key={categories[i]}
                          cx={center(i)}
                          cy={plotH - length(v)}
                          r={3.5}
                          fill="#fff"
                          stroke={s.color}
                          strokeWidth={1.5}
                        />
                      ))}
                    </g>
                  ))}
                {/* One target per category over everything: hover shows its values, a click drills into it. */}
                {categories.map((label, i) => (
                  // biome-ignore lint/a11y/noStaticElementInteractions: the table below the chart offers the same drill-downs by keyboard
                  <rect
                    key={label}
                    data-index={i}
                    data-testid={testId ? `${testId}-item` : undefined}
                    x={horizontal ? 0 : band.start(i)}
                    y={horizontal ? band.start(i) : 0}
                    width={horizontal ? plotW : band.width}
                    height={horizontal ? band.width : plotH}
                    fill="transparent"
                    cursor={onSelect ? 'pointer' : undefined}
                    onMouseEnter={() => setHover(i)}
                    onMouseLeave={() => setHover((h) => (h === i ? null : h))}
                    onClick={() => onSelect?.(i)}
                  />
                ))}
              </g>
            </svg>
          )}
        </Box>
      </Box>
      {hover !== null && categories[hover] !== undefined && (
        <Paper
          withBorder
          shadow="sm"
          p={6}
          pos="absolute"
          data-testid={testId ? `${testId}-tooltip` : undefined}
          style={{
            pointerEvents: 'none',
            zIndex: 2,
            ...(horizontal
              ? { right: 8, top: margin.top + band.start(hover) + band.width }
              : { top: 4, left: Math.min(Math.max(0, margin.left + center(hover) + 12), Math.max(0, width - 160)) }),
          }}
        >
          <Text size="xs" fw={600}>
            {categories[hover]}
          </Text>
          {series.map((s) => (
            <Group key={s.name} gap={6} wrap="nowrap">
              <Box w={8} h={8} bg={s.color} style={{ borderRadius: 4 }} />
              <Text size="xs">
                {s.name}: <b>{s.values[hover] ?? 0}</b>
              </Text>
            </Group>
          ))}
        </Paper>
      )}
    </Box>
  );
}
