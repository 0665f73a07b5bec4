/**
 * The one place ECharts is assembled, from its tree-shakable parts. Charts import this module
 * with `import()` inside an effect, so it is a separate chunk that loads only in the browser,
 * only on pages with a chart.
 *
 * Why ECharts: one library covers every chart the tracking pages need — step curves with a log
 * axis and built-in LTTB sampling (`sampling: 'lttb'`) for the run and compare pages, and parallel
 * coordinates for the compare page, which uPlot (the other candidate, lighter for line charts)
 * does not have. Two libraries would mean two APIs, two styles and two bundles.
 */
import * as echarts from 'echarts/core';
import { LineChart, ParallelChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  ParallelComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart,
  ParallelChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  ParallelComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };
