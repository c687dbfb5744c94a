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

// Only what the panel draws (bars and doughnuts), so the bundle stays small.
Chart.register(BarController, BarElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Legend, Tooltip);

/**
 * A Chart.js chart that redraws when its data changes; the label describes it for screen readers. `counts`: the
 * values are counts of things, so the value axis has whole-number ticks only (no "1,5 orders").
 */
export function ChartView(props: {
  type: 'bar' | 'doughnut';
  data: ChartData<ChartType>;
  label: string;
  counts?: boolean;
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
        ...(props.counts && props.type === 'bar'
          ? { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
          : {}),
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
