/**
 * The console's ECharts (app/_components/charts/echarts-setup.ts) with what the monitoring
 * charts add: the heatmap and bars (the histograms). Loaded with `import()` in an effect, like
 * the shared setup, so it stays out of the page's first chunk. Registering on `echarts/core` is
 * global: other charts on the page are unaffected.
 */
import { BarChart, HeatmapChart } from 'echarts/charts';
import { echarts } from '../_components/charts/echarts-setup';

echarts.use([HeatmapChart, BarChart]);

export { echarts };
