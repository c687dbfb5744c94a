import { createEffect, onCleanup, onMount, type JSX } from 'solid-js';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartData,
  type ChartType,
} from 'chart.js';
import { formatPercent } from '../i18n/i18n';

// Only what the panel draws (bars and doughnuts), so the bundle stays small.
Chart.register(BarController, BarElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Legend, Tooltip);

/** A bar chart's value axis: whole-number ticks for counts, ticks written as percentages for shares. */
function valueAxis(of: { counts?: boolean; percent?: boolean }) {
  return {
    ...(of.counts ? { beginAtZero: true } : {}),
    ticks: {
      ...(of.counts ? { precision: 0 } : {}),
      ...(of.percent ? { callback: (value: number | string) => formatPercent(Number(value)) } : {}),
    },
  };
}

/**
 * A Chart.js chart that redraws when its data changes; the label describes it for screen readers. `counts`: the
 * values are counts of things, so the value axis has whole-number ticks only (no "1,5 orders"). `percent`: the
 * values are percentages (75 for 75 %), so the value axis ticks read 75 %.
 */
export function ChartView(props: {
  type: 'bar' | 'doughnut';
  data: ChartData<ChartType>;
  label: string;
  counts?: boolean;
  percent?: boolean;
}): JSX.Element {
  let canvas: HTMLCanvasElement | undefined;
  let chart: Chart | undefined;
  onMount(() => {
    if (!canvas) return;
    chart = new Chart(canvas, {
      type: props.type,
      data: structuredClone(props.data),
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        datasets: { bar: { maxBarThickness: 56 } },
        ...(props.type === 'bar' ? { scales: { y: valueAxis(props) } } : {}),
      },
    });
  });
  createEffect(() => {
    const data = props.data;
    if (!chart) return;
    chart.data = structuredClone(data);
    chart.update();
  });
  onCleanup(() => chart?.destroy());
  return (
    <div class="chart">
      <canvas ref={(el) => (canvas = el)} role="img" aria-label={props.label} />
    </div>
  );
}
