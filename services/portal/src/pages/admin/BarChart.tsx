import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart as BarSeries, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// only what the statistics draw: bars, axes, tooltip, legend (the console's chunk stays small)
echarts.use([BarSeries, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface BarSeriesData {
  name: string;
  values: number[];
}

/** Grouped (or stacked) bars over labelled groups, redrawn when the figures change. */
export function BarChart({
  labels,
  series,
  stacked = false,
}: {
  labels: string[];
  series: BarSeriesData[];
  stacked?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const instance = echarts.init(host.current!);
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const option: Option = {
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 60, right: 20, bottom: 60, top: 40 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value' },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        ...(stacked ? { stack: 'total' } : {}),
      })),
    };
    chart.current?.setOption(option, true);
  }, [labels, series, stacked]);
  return <div ref={host} style={{ width: '100%', height: 320 }} data-testid="chart" />;
}
