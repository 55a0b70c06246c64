import { Box, Loader } from '@mantine/core';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

type ECharts = typeof import('./echarts-setup')['echarts'];
type Instance = ReturnType<ECharts['init']>;

/**
 * The tooltip drawn on the canvas: ECharts' HTML tooltip writes markup with style="" attributes, which the
 * page's CSP refuses (no 'unsafe-inline' for styles).
 */
function drawnTooltip(option: EChartsCoreOption): EChartsCoreOption {
  const tooltip = option.tooltip as Record<string, unknown> | undefined;
  return tooltip ? { ...option, tooltip: { ...tooltip, renderMode: 'richText' } } : option;
}

/**
 * One ECharts canvas. ECharts is imported on first use (its own chunk); `onClick` receives the clicked
 * data point's name and series so a chart can drill into the table.
 */
export function EChart({
  option,
  height = 260,
  onClick,
  testId,
}: {
  option: EChartsCoreOption;
  height?: number;
  onClick?: (p: { name: string; seriesName?: string; dataIndex: number }) => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<Instance | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts-setup').then(({ echarts }) => {
      if (disposed || !ref.current) return;
      const c = echarts.init(ref.current);
      c.on('click', (p) => clickRef.current?.(p as { name: string; seriesName?: string; dataIndex: number }));
      chart.current = c;
      observer = new ResizeObserver(() => c.resize());
      observer.observe(ref.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(drawnTooltip(option), true);
  }, [ready, option]);

  return (
    <Box pos="relative" h={height} data-testid={testId} data-ready={ready ? 'true' : 'false'}>
      <div ref={ref} style={{ width: '100%', height }} />
      {!ready && <Loader size="sm" pos="absolute" top="45%" left="48%" />}
    </Box>
  );
}
