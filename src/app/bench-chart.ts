// The benchmark page's two charts (chart.js): MSM time against size for each implementation and
// thread count (log–log), and every task's time on one thread against all threads.
import {
  type ChartConfiguration,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { BenchResult } from '../bench/types.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
);

const PALETTE = ['#7cc4ff', '#5fd38d', '#f2c14e', '#ff7b72', '#c39bff', '#9fb0bf'];
const TEXT = '#e6edf3';
const GRID = '#2a3640';

// biome-ignore lint/suspicious/noExplicitAny: one map holds line and bar charts
const charts = new Map<HTMLCanvasElement, Chart<any, any, any>>();

function draw(canvas: HTMLCanvasElement, config: ChartConfiguration<'line'> | ChartConfiguration<'bar'>): void {
  charts.get(canvas)?.destroy();
  charts.set(canvas, new Chart(canvas, config as ChartConfiguration));
}

const axis = (title: string, type: 'logarithmic' | 'linear' | 'category') => ({
  type,
  title: { display: true, text: title, color: TEXT },
  ticks: { color: TEXT },
  grid: { color: GRID },
});

export function drawCharts(sizeCanvas: HTMLCanvasElement, threadsCanvas: HTMLCanvasElement, rows: BenchResult[]) {
  Chart.defaults.color = TEXT;
  const msm = rows.filter((r) => r.name === 'msm');
  const series = [...new Set(msm.map((r) => `${r.impl} × ${r.threads}`))];
  const sizes = [...new Set(msm.map((r) => r.size))].sort((a, b) => a - b);
  draw(sizeCanvas, {
    type: 'line',
    data: {
      datasets: series.map((s, i) => ({
        label: `msm ${s} thread${s.endsWith('× 1') ? '' : 's'}`,
        data: msm.filter((r) => `${r.impl} × ${r.threads}` === s).map((r) => ({ x: r.size, y: r.ms })),
        borderColor: PALETTE[i % PALETTE.length],
        backgroundColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: {
      maintainAspectRatio: false,
      plugins: { title: { display: true, text: 'MSM: time against size', color: TEXT } },
      scales: {
        x: {
          ...axis('points', 'logarithmic'),
          // Ticks at the measured sizes, written as powers of two.
          min: Math.min(...sizes) / 2,
          max: Math.max(...sizes) * 2,
          afterBuildTicks: (scale) => {
            scale.ticks = sizes.map((value) => ({ value }));
          },
          ticks: { color: TEXT, callback: (v) => `2^${Math.round(Math.log2(Number(v)))}` },
        },
        y: axis('ms', 'logarithmic'),
      },
    },
  });
  // One bar pair per task that ran on both one thread and all threads.
  const many = rows.filter((r) => r.threads > 1);
  const labels = many.map((r) => `${r.name} ${r.size}`);
  const oneThread = many.map(
    (r) => rows.find((o) => o.name === r.name && o.impl === r.impl && o.size === r.size && o.threads === 1)?.ms ?? null,
  );
  draw(threadsCanvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: '1 thread', data: oneThread, backgroundColor: PALETTE[0] },
        { label: `${many[0]?.threads ?? 'all'} threads`, data: many.map((r) => r.ms), backgroundColor: PALETTE[1] },
      ],
    },
    options: {
      maintainAspectRatio: false,
      plugins: { title: { display: true, text: 'Time on one thread and on all threads', color: TEXT } },
      scales: { x: axis('task and size', 'category'), y: axis('ms', 'logarithmic') },
    },
  });
}
